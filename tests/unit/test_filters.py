import datetime as dt

from dashboard.filters import ALL_ELECTIONS, Filters, parse_query_params, to_query_params

OPTS = dict(elections=["pilkada-2020", "pilkada-2024"], agencies=["KPU", "Bawaslu", "Satpol PP"], regions=["13", "13.02", "13.72"])


def test_round_trip_keeps_every_field():
    f = Filters(
        election="pilkada-2024", date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31),
        agencies=("KPU", "Bawaslu"), province="13", region="13.02", activities=("rakor", "apel"),
        q="Solok", lang="en", present=True, theme="dark", item="12",
    )
    params = to_query_params(f)
    assert params["agency"] == "KPU,Bawaslu" and params["from"] == "2024-01-01" and params["present"] == "1"
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
