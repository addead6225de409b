"""Tables are written atomically and safely for spreadsheets, and read back losslessly."""

import pandas as pd

from pipeline.output import neutralise_cell, read_table, restore_cell, write_table


def test_dangerous_cells_are_neutralised_and_restored():
    for value in ["=HYPERLINK(\"x\")", "+33 1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "ok"]:
        assert restore_cell(neutralise_cell(value)) == value
    assert neutralise_cell("=1+1") == "'=1+1"
    assert neutralise_cell("ok") == "ok"


def test_written_csv_has_bom_and_no_formula(tmp_path):
    path = tmp_path / "t.csv"
    frame = pd.DataFrame({"a": ["=cmd|' /C calc'!A0", "Hélène"], "n": [1, 2]})
    write_table(frame, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\n'=cmd" in text and "Hélène" in text
    assert read_table(path)["a"].tolist() == frame["a"].tolist()
    assert not list(tmp_path.glob(".t.csv.*"))  # no temporary file left behind
