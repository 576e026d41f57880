#!/usr/bin/env bash
# Render every shipped output (each example, its per-member versions, the signed pledge, the own templates and
# their batch) into OUTDIR and print one "sha256  path" line per file, so a change can be checked byte for byte:
#   tools/render-examples.sh /tmp/before > /tmp/before.sha; …change…; tools/render-examples.sh /tmp/after > /tmp/after.sha
#   diff <(cut -c1-64,66- /tmp/before.sha | sed 's|/tmp/before||') <(… /tmp/after …)
# With PDF=1 the PDFs are made too (needs LibreOffice).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: tools/render-examples.sh OUTDIR}
tdkt=${TDKT:-.venv/bin/tdkt}
pdf=()
[[ ${PDF:-0} == 1 ]] && pdf=(--pdf)
rm -rf "$out" && mkdir -p "$out"
for kind in bao_cao_tong_ket giao_uoc ke_hoach_hoat_dong ke_hoach_hoi_nghi cong_van van_ban bao_cao_don_vi \
            van_ban_kinh_gui bao_cao_cum_huyen; do
  "$tdkt" init "$kind" -o "$out/data/$kind.yaml" >/dev/null
  "$tdkt" render "$out/data/$kind.yaml" -o "$out/$kind.docx" "${pdf[@]}" >/dev/null 2>&1 || echo "render $kind failed" >&2
  "$tdkt" render "$out/data/$kind.yaml" --per-member -o "$out/$kind-per-member" >/dev/null 2>&1 || true
done
"$tdkt" render "$out/data/giao_uoc.yaml" --signed -o "$out/giao_uoc-signed.docx" "${pdf[@]}" >/dev/null
"$tdkt" init quyet_dinh_khen_thuong -o "$out/own" >/dev/null
"$tdkt" init giay_khen -o "$out/own" >/dev/null
own=$out/own
"$tdkt" render "$own/quyet-dinh.yaml" "$own/danh-sach.xlsx" -t "$own/quyet-dinh-mau.docx" -o "$out/quyet-dinh.docx" \
  "${pdf[@]}" >/dev/null
"$tdkt" batch "$own/danh-sach.xlsx" "$own/quyet-dinh.yaml" -t "$own/giay-khen-mau.docx" -o "$out/giay-khen" \
  --name "{stt:03d}-{ho_ten}.docx" --jobs 1 >/dev/null
"$tdkt" batch "$out/data/bao_cao_tong_ket.yaml" --per-member -o "$out/batch-bao-cao" --jobs 1 >/dev/null
find "$out" -type f \( -name '*.docx' -o -name '*.pdf' \) ! -path "$out/own/*" -print0 | sort -z | xargs -0 sha256sum
