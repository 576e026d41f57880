"""Write a synthetic cluster data file: real province names, figures from a seeded random generator.

    .venv/bin/python benchmarks/make_fixture.py                       # 63 provinces, du-lieu-63-tinh-2023.yaml
    .venv/bin/python benchmarks/make_fixture.py OUT.yaml --units 1000  # 1,000 made-up units, for memory

The same seed gives the same file. The figures are plausible, not real.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import yaml

from tdkt_docgen.reference import provinces_on
from tdkt_docgen.vn import sorted_vi

HERE = Path(__file__).resolve().parent
FORMS = {  # award form -> (collectives, individuals) ranges
    "huan_chuong_lao_dong": ((0, 4), (0, 8)), "co_thi_dua_chinh_phu": ((2, 12), (0, 0)),
    "bang_khen_thu_tuong": ((2, 10), (5, 45)), "co_thi_dua_tinh": ((10, 60), (0, 0)),
    "tap_the_lao_dong_xuat_sac": ((50, 200), (0, 0)), "chien_si_thi_dua_tinh": ((0, 0), (40, 150)),
    "bang_khen_chu_tich_tinh": ((200, 700), (800, 2500)),
}


def member_figures(rng: random.Random) -> tuple[dict[str, object], dict[str, object]]:
    communes = rng.randint(80, 220)
    indicators = {
        "tang_truong_grdp": round(rng.uniform(-2, 11), 1), "thu_ngan_sach": round(rng.uniform(800, 60000), 1),
        "thu_ngan_sach_dat": round(rng.uniform(80, 130), 1), "giam_ty_le_ho_ngheo": round(rng.uniform(0.5, 6), 2),
        "giai_quyet_viec_lam": rng.randint(5000, 60000), "truong_dat_chuan": rng.randint(100, 900),
        "truong_dat_chuan_trong_nam": rng.randint(5, 40), "xa_nong_thon_moi": rng.randint(20, communes),
        "tong_so_xa": communes, "xa_dat_chuan_y_te": communes, "tong_so_xa_y_te": communes,
        "an_toan_giao_thong": {k: rng.randint(-30, 10) for k in ("so_vu", "so_nguoi_chet", "so_nguoi_bi_thuong")},
    }
    awards = {}
    for code, ((c_lo, c_hi), (i_lo, i_hi)) in FORMS.items():
        collectives, individuals = rng.randint(c_lo, c_hi), rng.randint(i_lo, i_hi)
        direct = rng.randint(0, collectives + individuals)
        awards[code] = {"tap_the": collectives, "ca_nhan": individuals, "lao_dong_truc_tiep": direct}
    return indicators, awards


def cluster(units: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    if units == 63:
        units_then = provinces_on(dt.date(2024, 3, 5))
        members = [{"ten": n, "loai": units_then[n].loai} for n in sorted_vi(units_then)]
    else:
        members = [{"ten": f"Đơn vị số {i:04d}", "loai": "đơn vị"} for i in range(1, units + 1)]
    figures = {m["ten"]: member_figures(rng) for m in members}
    return {
        "loai": "bao_cao_tong_ket",
        "co_quan": {"ten": f"Cụm thi đua {units} đơn vị (dữ liệu thử)", "viet_tat": "CTĐ"},
        "dia_danh": "Hà Nội", "ngay": "2024-03-05", "nam": 2023,
        "cum": f"Cụm thi đua {units} đơn vị (dữ liệu thử)",
        "thanh_vien": members,
        "noi_nhan": ["Ban TĐKT Trung ương"], "luu": "VT",
        "nguoi_ky": {"thay_mat": "Cụm thi đua", "chuc_vu": "Trưởng cụm", "ho_ten": "Nguyễn Văn A"},
        "so_lieu": {
            "van_ban": {name: rng.randint(5, 60) for name in figures},
            "chi_tieu": {name: f[0] for name, f in figures.items()},
            "khen_thuong": {name: f[1] for name, f in figures.items()},
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", type=Path, default=HERE / "du-lieu-63-tinh-2023.yaml")
    parser.add_argument("--units", type=int, default=63)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    header = "# Synthetic data made by benchmarks/make_fixture.py (seeded); names real, figures invented.\n"
    body = yaml.safe_dump(cluster(args.units, args.seed), allow_unicode=True, sort_keys=False, width=120)
    args.out.write_text(header + body, "utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
