"""The readiness measure: reference date, window, levels, stage matrix (pure functions)."""

import datetime as dt

import pandas as pd
import pytest

from dashboard import readiness as rd

VOTE = dt.date(2020, 12, 9)


def test_reference_date_is_today_then_voting_day_then_period_end():
    assert rd.reference_date(VOTE, dt.date(2020, 10, 1)) == dt.date(2020, 10, 1)
    assert rd.reference_date(VOTE, dt.date(2026, 1, 1)) == VOTE
    assert rd.reference_date(VOTE, dt.date(2026, 1, 1), dt.date(2020, 6, 30)) == dt.date(2020, 6, 30)
    assert rd.reference_date(VOTE, dt.date(2020, 10, 1), dt.date(2021, 1, 1)) == dt.date(2020, 10, 1)
    assert rd.reference_date(None, dt.date(2024, 5, 5)) == dt.date(2024, 5, 5)


def test_window_counts_the_reference_day():
    assert rd.window_start(VOTE, 1) == VOTE
    assert rd.window_start(VOTE, 30) == dt.date(2020, 11, 10)
    assert (VOTE - rd.window_start(VOTE, 30)).days + 1 == 30


@pytest.mark.parametrize("raw,want", [("14", 14), (" 7 ", 7), ("0", 30), ("-3", 30), ("367", 30), ("x", 30),
                                      (None, 30), ("1e3", 30), ("366", 366)])
def test_clamp_days(raw, want):
    assert rd.clamp_days(raw) == want


def test_levels():
    assert rd.classify(0, True, 5) == "none"
    assert rd.classify(3, False, 5) == "stale"
    assert rd.classify(3, True, 4) == "partial"
    assert rd.classify(3, True, 5) == "ready"
    assert rd.LEVELS[0] == "ready" and rd.LEVELS[-1] == "none"


def test_body_columns_are_stable_names():
    assert rd.BODY_COLUMNS["Pemda/Kesbangpol"] == "body_pemda_kesbangpol"
    assert rd.met_column("Pemda/Kesbangpol") == "met_pemda_kesbangpol"
    assert set(rd.key_agency_names()) == {"KPU", "Bawaslu", "Pemda", "Kesbangpol", "Polri", "TNI"}


def _raw():
    bodies_all = {c: 1 for c in rd.BODY_COLUMNS.values()}
    bodies_two = {"body_kpu": 2, "body_bawaslu": 1}
    return pd.DataFrame(
        [
            dict(code="13.02", name="Kabupaten Solok", level="kabupaten", events=5, meetings=3,
                 last_meeting=dt.date(2020, 12, 1), last_event=dt.date(2020, 12, 2), window_events=2, **bodies_all),
            dict(code="13.03", name="Kabupaten Sijunjung", level="kabupaten", events=1, meetings=1,
                 last_meeting=dt.date(2020, 3, 1), last_event="2020-03-01", window_events=0, **bodies_two),
            dict(code="13.71", name="Kota Padang", level="kota", events=0, meetings=0,
                 last_meeting=None, last_event=None, window_events=0),
            dict(code="13.04", name="Kabupaten Tanah Datar", level="kabupaten", events=2, meetings=2,
                 last_meeting=pd.Timestamp("2020-11-20"), last_event=dt.date(2020, 11, 25), window_events=1,
                 **bodies_two),
            dict(code="13.05", name="Kabupaten X", level="kabupaten", events=1, meetings=0,
                 last_meeting=None, last_event=dt.date(2020, 5, 1), window_events=0),
        ]
    )


def test_build_adds_the_readiness_columns():
    df = rd.build(_raw(), VOTE).set_index("code")
    assert df.loc["13.02", "status"] == "ready" and df.loc["13.02", "bodies_met"] == 5
    assert df.loc["13.03", "status"] == "stale" and df.loc["13.03", "bodies_met"] == 2
    assert df.loc["13.71", "status"] == "none" and pd.isna(df.loc["13.71", "days_since"])
    assert df.loc["13.04", "status"] == "partial"
    assert df.loc["13.02", "days_since"] == 8
    assert df.loc["13.04", "days_since"] == 19  # a Timestamp is read as a date
    assert df.loc["13.03", "last_event"] == dt.date(2020, 3, 1)  # an ISO string too
    assert bool(df.loc["13.02", "met_tni"]) and not bool(df.loc["13.03", "met_tni"])
    assert rd.status_counts(df.reset_index()) == {"ready": 1, "partial": 1, "stale": 1, "none": 2}


def test_build_on_an_empty_frame():
    df = rd.build(pd.DataFrame(columns=["code", "name", "level"]), VOTE)
    assert df.empty and "status" in df and "bodies_met" in df


def test_inactive_lists_the_longest_silence_first_and_never_active_last():
    df = rd.build(_raw(), VOTE)
    quiet = rd.inactive(df)
    assert list(quiet["code"]) == ["13.03", "13.05", "13.71"]


def _stages():
    return pd.DataFrame(
        {
            "stage": ["Pembentukan PPK", "Kampanye", "Pemungutan suara"],
            "start": pd.to_datetime(["2020-01-01", "2020-09-26", "2020-12-09"]),
            "end": pd.to_datetime(["2020-01-31", "2020-12-05", "2020-12-09"]),
        }
    )


def test_stage_matrix_fills_zeros_for_every_region_and_stage():
    counts = pd.DataFrame(
        [dict(code="13.02", stage="Kampanye", start=dt.date(2020, 9, 26), before=4, during=2)]
    )
    m = rd.stage_matrix(counts, _stages(), ["13.02", "13.03"])
    assert len(m) == 6
    row = m[(m["code"] == "13.02") & (m["stage"] == "Kampanye")].iloc[0]
    assert (row["before"], row["during"]) == (4, 2)
    assert m[m["code"] == "13.03"]["before"].sum() == 0
    assert list(m[m["code"] == "13.02"]["stage"]) == ["Pembentukan PPK", "Kampanye", "Pemungutan suara"]


def test_stage_matrix_without_stages_or_regions():
    assert rd.stage_matrix(pd.DataFrame(), pd.DataFrame(columns=["stage", "start", "end"]), ["13.02"]).empty
    assert rd.stage_matrix(pd.DataFrame(), _stages(), []).empty


def test_default_stage():
    assert rd.default_stage(_stages(), dt.date(2020, 6, 1)) == "Kampanye"
    assert rd.default_stage(_stages(), dt.date(2021, 1, 1)) == "Pemungutan suara"
    assert rd.default_stage(pd.DataFrame(columns=["stage", "start", "end"]), VOTE) is None
