import datetime as dt

from dashboard.filters import ALL_ELECTIONS, Filters, parse_query_params, to_query_params

OPTS = dict(elections=["pilkada-2020", "pilkada-2024"], agencies=["KPU", "Bawaslu", "Satpol PP"], regions=["13", "13.02", "13.72"])


def test_round_trip_keeps_every_field():
    f = Filters(
        election="pilkada-2024", date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31),
        agencies=("KPU", "Bawaslu"), agency_all=True, province="13", region="13.02", activities=("rakor", "apel"),
        levels=("nasional", "kabkota"), q="Solok", lang="en", present=True, theme="dark", item="12", freq="week",
        view="heatmap",
    )
    params = to_query_params(f)
    assert params["agency"] == "KPU,Bawaslu" and params["from"] == "2024-01-01" and params["present"] == "1"
    assert params["agency_match"] == "all" and params["level"] == "nasional,kabkota" and params["freq"] == "week"
    back = parse_query_params(params, **OPTS)
    assert back.filters == f and back.notes == []


def test_defaults_are_left_out_of_the_url():
    assert to_query_params(Filters()) == {}


def test_malformed_and_unknown_values_become_notes_not_errors():
    res = parse_query_params(
        {"election": "pilkada-1999", "from": "2020-13-45", "agency": "KPU,NASA", "region": "99.99",
         "province": "x; drop table", "activity": "rakor,party", "lang": "fr", "present": "maybe"},
        **OPTS,
    )
    f = res.filters
    assert f.election == "pilkada-2020" and f.date_from is None and f.agencies == ("KPU",)
    assert f.region is None and f.province is None and f.activities == ("rakor",) and f.lang == "id"
    dropped = {k for k, _ in res.notes}
    assert dropped == {"election", "from", "agency", "region", "province", "activity", "lang", "present"}


def test_agency_names_are_case_insensitive_and_canonicalised():
    assert parse_query_params({"agency": "kpu, satpol pp"}, **OPTS).filters.agencies == ("KPU", "Satpol PP")


def test_reversed_date_range_drops_the_end():
    res = parse_query_params({"from": "2020-05-01", "to": "2020-01-01"}, **OPTS)
    assert res.filters.date_from == dt.date(2020, 5, 1) and res.filters.date_to is None
    assert ("to", "2020-01-01") in res.notes


def test_all_elections_and_long_search_text():
    res = parse_query_params({"election": "semua", "q": "x" * 1000 + "\x00"}, **OPTS)
    assert res.filters.election == ALL_ELECTIONS and res.filters.election_id is None
    assert len(res.filters.q) == 200 and "\x00" not in res.filters.q


def test_list_values_take_the_last():
    assert parse_query_params({"lang": ["id", "en"]}, **OPTS).filters.lang == "en"


def test_page_parameters_are_validated():
    res = parse_query_params(
        {"level": "nasional,galaxy", "freq": "yearly", "view": "<svg>", "agency_match": "some", "item": "1;2"}, **OPTS
    )
    f = res.filters
    assert f.levels == ("nasional",) and f.freq == "month" and f.view is None and not f.agency_all and f.item is None
    assert {k for k, _ in res.notes} == {"level", "freq", "view", "agency_match", "item"}


def test_agency_match_needs_two_agencies_in_the_link():
    assert "agency_match" not in to_query_params(Filters(agencies=("KPU",), agency_all=True))
    assert parse_query_params({"agency": "KPU,Bawaslu", "agency_match": "all"}, **OPTS).filters.agency_all


def test_every_parameter_name_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    f = Filters(
        election="pilkada-2024", date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31), agencies=("KPU", "Bawaslu"),
        agency_all=True, province="13", region="13.02", activities=("rakor",), levels=("nasional",), q="x", lang="en",
        present=True, theme="dark", item="1", freq="week", view="heatmap",
    )
    for name in to_query_params(f):
        assert f"| `{name}`" in readme or f"`{name}`," in readme, name


def test_out_of_range_dates_are_notes(monkeypatch):
    """``?from=2014-12-31`` raised from the date widget's bounds on every page."""
    from dashboard.filters import MAX_DATE, MIN_DATE

    for key in ("from", "to"):
        for raw in ("2014-12-31", "2031-01-01", "0001-01-01", "9999-12-31", "20200101", "2020-W01-1",
                    "２０２０-01-01", "2020-1-1", " ", "2020-02-30"):
            res = parse_query_params({key: raw}, **OPTS)
            assert res.filters.date_from is None and res.filters.date_to is None
            assert res.notes == ([(key, raw.strip())] if raw.strip() else []), (key, raw)
    res = parse_query_params({"from": MIN_DATE.isoformat(), "to": MAX_DATE.isoformat()}, **OPTS)
    assert (res.filters.date_from, res.filters.date_to, res.notes) == (MIN_DATE, MAX_DATE, [])


def test_item_and_days_are_strict_numbers():
    for raw in ("²", "①", "٣", "9223372036854775808", "99999999999999999999", "0", "-1", "+1", "1.0", "abc"):
        res = parse_query_params({"item": raw}, **OPTS)
        assert res.filters.item is None and res.notes == [("item", raw)], raw
    assert parse_query_params({"item": "007"}, **OPTS).filters.item == "7"
    assert parse_query_params({"item": "2147483647"}, **OPTS).filters.item == "2147483647"  # the largest id
    assert parse_query_params({"item": "2147483648"}, **OPTS).notes == [("item", "2147483648")]
    for raw in ("0", "367", "٣٠", "30.5", "x"):
        assert parse_query_params({"days": raw}, **OPTS).notes == [("days", raw)], raw
    assert parse_query_params({"days": "366"}, **OPTS).notes == []
