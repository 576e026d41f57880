"""The command group every ``tdkt`` command runs in: click's own errors said in Vietnamese, the signal handler
installed, and what no command should let out (an OS error, an interrupt) turned into a Vietnamese message
and an exit code. The one translation of click's messages lives here. Run on the process's own command line
(the ``tdkt`` console script), it sets the garbage collector for a process that ends with the command
(``startup``).

Exit codes: 2 for a usage error (as click) and for any error the user can fix; 130 on Ctrl-C, 143 on
SIGTERM (128 + the signal), after ``interrupt.clean_up``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import click

from . import interrupt, startup
from .errors import DocgenError, os_reason

USAGE_EXIT = 2

# click's help words (it asks gettext for them; we answer in Vietnamese). Error messages are translated
# below from the exceptions themselves.
_HELP_WORDS = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "env var: {var}": "biến môi trường: {var}",
}


def _help_words(message: str) -> str:
    return _HELP_WORDS.get(message, message)


for _module in (click.core, click.decorators, click.formatting):
    _module._ = _help_words  # type: ignore[attr-defined]


def _range(text: str) -> str:
    """click's "x>=1", "10<=x<=60", "0<x<1" as Vietnamese words."""
    both = re.fullmatch(r"(\S+?)(<=?)x(<=?)(\S+)", text)
    if both:
        return f"từ {both.group(1)} đến {both.group(4)}"
    low = re.fullmatch(r"x(>=?)(\S+)", text)
    if low:
        return f"từ {low.group(2)} trở lên" if low.group(1) == ">=" else f"lớn hơn {low.group(2)}"
    high = re.fullmatch(r"x(<=?)(\S+)", text)
    if high:
        return f"{'không quá' if high.group(1) == '<=' else 'nhỏ hơn'} {high.group(2)}"
    return text


# click's messages for its own types and parsing, in the order tried: (pattern, Vietnamese)
_MESSAGES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^(.+) is not in the range (\S+)\.$"),
     lambda m: f"{m.group(1)} nằm ngoài khoảng cho phép ({_range(m.group(2))})."),
    (re.compile(r"^(.+) is not a valid integer( range)?\.$"), lambda m: f"{m.group(1)} không phải là số nguyên."),
    (re.compile(r"^(.+) is not a valid float( range)?\.$"), lambda m: f"{m.group(1)} không phải là số."),
    (re.compile(r"^(.+) is not a valid boolean\.$"), lambda m: f"{m.group(1)} không phải là có/không (true/false)."),
    (re.compile(r"^(.+) is not one of (.+)\.$"), lambda m: f"{m.group(1)} không phải là một trong: {m.group(2)}."),
    (re.compile(r"^(.+) is not (.+)\.$"), lambda m: f"{m.group(1)} không phải là {m.group(2)}."),
    (re.compile(r"^Option '(.+)' requires an argument\.$"), lambda m: f"tùy chọn '{m.group(1)}' cần một giá trị."),
    (re.compile(r"^Option '(.+)' requires (\d+) arguments\.$"),
     lambda m: f"tùy chọn '{m.group(1)}' cần {m.group(2)} giá trị."),
    (re.compile(r"^Got unexpected extra arguments? \((.+)\)$"), lambda m: f"thừa tham số: {m.group(1)}."),
    (re.compile(r"^Option '(.+)' does not take a value\.$"),
     lambda m: f"tùy chọn '{m.group(1)}' không nhận giá trị."),
    (re.compile(r"^Missing command\.$"), lambda m: "thiếu tên lệnh."),
]


def vietnamese(message: str) -> str:
    for pattern, words in _MESSAGES:
        found = pattern.match(message.strip())
        if found:
            return str(words(found))
    return message


def _hints(error: click.UsageError) -> str:
    param = getattr(error, "param", None)
    hint = getattr(error, "param_hint", None)
    if hint is None and param is not None:
        hint = param.get_error_hint(error.ctx) if error.ctx is not None else param.name
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(str(h) for h in hint)
    return str(hint) if hint else ""


def _did_you_mean(possibilities: Sequence[str] | None) -> str:
    return f" Có phải là {' hoặc '.join(repr(p) for p in possibilities)}?" if possibilities else ""


def translate(error: click.UsageError, args: Sequence[str] = (), commands: Sequence[str] = ()) -> str:
    """One Vietnamese line for any of click's usage errors, with where to find help."""
    if isinstance(error, click.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
        what = {"argument": "tham số", "option": "tùy chọn"}.get(kind, "tham số")
        text = f"thiếu {what} {_hints(error)}.".replace("  ", " ")
    elif isinstance(error, click.NoSuchOption):
        text = f"không có tùy chọn '{error.option_name}'.{_did_you_mean(error.possibilities)}"
    elif isinstance(error, getattr(click.exceptions, "NoSuchCommand", ())):
        text = f"không có lệnh '{error.command_name}'.{_did_you_mean(error.possibilities)}"  # type: ignore[attr-defined]
    elif isinstance(error, click.BadParameter):
        hint = _hints(error)
        text = f"giá trị không hợp lệ{f' cho {hint}' if hint else ''}: {vietnamese(error.message)}"
    else:
        match = re.match(r"^No such command '(.+)'\.", error.message)
        text = f"không có lệnh '{match.group(1)}'." if match else vietnamese(error.message)
    command = error.ctx.command_path if error.ctx is not None else "tdkt"
    if command == "tdkt" and args and str(args[0]) in commands:
        command = f"tdkt {args[0]}"  # an option of a command, seen before its context was made
    return f"{text} Xem hướng dẫn: {command} --help"


# What click shows after an option in --help ("-o, --output PATH"), in Vietnamese.
_METAVARS: tuple[tuple[type, str], ...] = ((click.Path, "ĐƯỜNG_DẪN"), (click.types.IntParamType, "SỐ"),
                                           (click.types.FloatParamType, "SỐ"), (click.types.StringParamType, "CHỮ"))


class Group(click.Group):
    """click's group with Vietnamese errors, the signal handler and clean exits."""

    def __init__(self, *args: Any, document_commands: Sequence[str] = (), **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM_SỐ]...")
        kwargs.setdefault("options_metavar", "[TÙY_CHỌN]")
        super().__init__(*args, **kwargs)
        self.document_commands = tuple(document_commands)  # their start-up runs with the collector paused

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if cmd.options_metavar == "[OPTIONS]":
            cmd.options_metavar = "[TÙY_CHỌN]"
        for param in cmd.params:
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                param.metavar = next((word for kind, word in _METAVARS if isinstance(param.type, kind)), None)
        super().add_command(cmd, name)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        own_process = args is None  # the process's own command line: the process runs this command and ends with it
        if own_process:
            startup.command_process(documents=sys.argv[1:2] != [] and sys.argv[1] in self.document_commands)
        restore = interrupt.install()
        code: Any = 1  # kept only when the program itself failed (its traceback is shown)
        try:
            try:
                code = self._run(args, prog_name, complete_var, windows_expand_args, **extra)
            except interrupt.Interrupted as stop:  # while an error was being reported
                code = self._stopped(stop)
        finally:
            interrupt.finishing()  # a signal from here on changes the exit code, never cuts the clean-up short
            interrupt.clean_up()
            late = interrupt.late_signal()
            if late is not None and not (isinstance(code, int) and code >= 128):
                click.echo(interrupt.Interrupted(late).reason, err=True)
                code = 128 + late
            if own_process:
                interrupt.keep_for_exit()
            else:
                restore()
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

    def _run(self, args: Any, prog_name: str | None, complete_var: str | None, windows_expand_args: bool,
             **extra: Any) -> Any:
        """The command's exit code: its own (``sys.exit`` in a command), or the code of the error it ended
        with, said in Vietnamese."""
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False,
                                windows_expand_args=windows_expand_args, **extra)
        except SystemExit as done:
            return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help())
            return 0
        except click.UsageError as error:
            given = list(args) if args is not None else sys.argv[1:]
            click.echo(f"Lỗi: {translate(error, given, list(self.commands))}", err=True)
            return USAGE_EXIT
        except click.Abort:
            click.echo("Lỗi: đã dừng, không nhận được câu trả lời.", err=True)
            return 1
        except click.ClickException as error:
            click.echo(f"Lỗi: {vietnamese(error.format_message())}", err=True)
            return error.exit_code
        except DocgenError as error:
            for line in str(error).splitlines():
                click.echo(f"Lỗi: {line}", err=True)
            return USAGE_EXIT
        except interrupt.Interrupted as stop:
            return self._stopped(stop)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"Lỗi: {where}{os_reason(error)}.", err=True)
            return USAGE_EXIT

    @staticmethod
    def _stopped(stop: interrupt.Interrupted) -> int:
        interrupt.clean_up()
        interrupt.report(stop, lambda line: click.echo(line, err=True))
        if interrupt.abandoned:  # a killed pool's threads may never end: do not wait for them at exit
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(stop.exit_code)
        return stop.exit_code
