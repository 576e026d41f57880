"""Reading data: YAML/JSON/CSV/XLSX with positions, records of own data, members' workbooks, merging, images."""
