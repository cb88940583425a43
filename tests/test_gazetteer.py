"""The bundled gazetteer: its data files and the entries the drafter reads from them."""

from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

from timeline.drafting import gazetteer
from timeline.drafting.gazetteer import Entry, entries
from timeline.queries.actors import normalize
from timeline.seeding import yamlfile
from timeline.vocab import ActorKind, IdentifierScheme

DATA = Path(gazetteer.__file__).parent / "data"


def by_slug() -> dict[str, Entry]:
    return {entry.slug: entry for entry in entries()}


def owners(form: str) -> set[str]:
    """The slugs of the entries that list ``form`` in any of their lists, compared as names are."""
    wanted = normalize(form)
    return {
        entry.slug
        for entry in entries()
        for listed in (*entry.names, *entry.abbreviations, *entry.adjectives, *entry.capitals)
        if normalize(listed) == wanted
    }


@pytest.mark.parametrize("file_name", ["states.yaml", "organizations.yaml"])
def test_the_data_files_give_no_key_twice(file_name: str) -> None:
    # yaml.safe_load keeps the last of two equal keys silently; the annotation reader refuses them.
    yamlfile.load(DATA / file_name)


def test_every_state_key_is_an_iso_alpha2_code() -> None:
    states = yamlfile.load(DATA / "states.yaml")
    assert [code for code in states if pycountry.countries.get(alpha_2=code) is None] == []


def test_the_states_are_the_193_un_members_and_the_two_observers() -> None:
    states = [entry for entry in entries() if entry.kind == ActorKind.state]
    codes = {dict(entry.identifiers)[IdentifierScheme.iso3166_1_alpha2] for entry in states}
    assert len(states) == len(codes) == 195
    assert {"VA", "PS"} <= codes
    assert not {"TW", "EH", "HK", "CK", "NU", "PR", "GL"} & codes


def test_slugs_are_unique_lower_case_ascii() -> None:
    slugs = [entry.slug for entry in entries()]
    assert len(slugs) == len(set(slugs))
    assert all(slug.isascii() and slug == slug.lower() and " " not in slug for slug in slugs)
    assert {"burkina-faso", "cote-d-ivoire", "dr-congo", "republic-of-the-congo", "holy-see"} <= set(slugs)


def test_no_form_names_two_entries() -> None:
    # Names are matched case-insensitively, abbreviations and adjectives exactly; comparing every form
    # case-folded (and with straight apostrophes) across all lists is stricter than either.
    entries_of: dict[str, set[str]] = defaultdict(set)
    for entry in entries():
        for form in (*entry.names, *entry.abbreviations, *entry.adjectives, *entry.capitals):
            entries_of[normalize(form)].add(entry.slug)
    assert {form: slugs for form, slugs in entries_of.items() if len(slugs) > 1} == {}


def test_state_names_start_with_the_preferred_name_and_add_pycountrys() -> None:
    states = by_slug()
    assert states["mali"].names == ("Mali", "Republic of Mali")
    assert states["russia"].names[:2] == ("Russia", "Russian Federation")
    assert states["south-korea"].names[0] == "South Korea"
    assert states["holy-see"].name == "Holy See"
    # pycountry's catalogue forms never occur in running text.
    assert not any("," in name or "(" in name for entry in entries() for name in entry.names)


@pytest.mark.parametrize(
    ("slug", "alpha2", "alpha3"),
    [("mali", "ML", "MLI"), ("burkina-faso", "BF", "BFA"), ("niger", "NE", "NER"), ("russia", "RU", "RUS")],
)
def test_states_carry_their_iso_codes(slug: str, alpha2: str, alpha3: str) -> None:
    assert by_slug()[slug].identifiers == (
        (IdentifierScheme.iso3166_1_alpha2, alpha2),
        (IdentifierScheme.iso3166_1_alpha3, alpha3),
    )


def test_niger_and_nigeria_keep_their_adjectives_apart() -> None:
    states = by_slug()
    assert states["niger"].adjectives == ("Nigerien", "Nigeriens")
    assert "Nigerian" in states["nigeria"].adjectives


@pytest.mark.parametrize(
    ("form", "slug"),
    [
        ("US", "united-states"),
        ("U.S.", "united-states"),
        ("UK", "united-kingdom"),
        ("UAE", "united-arab-emirates"),
        ("DPRK", "north-korea"),
        ("ROK", "south-korea"),
        ("PRC", "china"),
        ("Congo", "republic-of-the-congo"),
        ("DRC", "dr-congo"),
        ("Democratic Republic of the Congo", "dr-congo"),
        ("Ivory Coast", "cote-d-ivoire"),
        ("Côte d’Ivoire", "cote-d-ivoire"),
        ("Türkiye", "turkey"),
        ("Burma", "myanmar"),
        ("Czech Republic", "czechia"),
        ("Burkinabè", "burkina-faso"),
        ("Emirati", "united-arab-emirates"),
        ("Kyiv", "ukraine"),
        ("Kiev", "ukraine"),
        ("Sahel bloc", "aes"),
        ("CEDEAO", "ecowas"),
        ("OPEC+", "opec-plus"),
        ("Western governments", "western-powers"),
    ],
)
def test_a_form_names_its_actor(form: str, slug: str) -> None:
    assert owners(form) == {slug}


@pytest.mark.parametrize(
    "form", ["Korea", "Korean", "Congolese", "Georgian", "Macedonia", "America", "the West", "Commonwealth"]
)
def test_ambiguous_forms_are_left_out(form: str) -> None:
    assert owners(form) == set()


@pytest.mark.parametrize(
    ("slug", "kind", "abbreviations"),
    [
        ("aes", ActorKind.bloc, ["AES"]),
        ("ecowas", ActorKind.bloc, ["ECOWAS", "CEDEAO"]),
        ("au", ActorKind.bloc, ["AU"]),
        ("eu", ActorKind.bloc, ["EU"]),
        ("nato", ActorKind.bloc, ["NATO"]),
        ("un", ActorKind.organization, ["UN", "U.N."]),
        ("brics", ActorKind.bloc, ["BRICS"]),
        ("sco", ActorKind.bloc, ["SCO"]),
        ("csto", ActorKind.bloc, ["CSTO"]),
        ("asean", ActorKind.bloc, ["ASEAN"]),
        ("g7", ActorKind.bloc, ["G7"]),
        ("g20", ActorKind.bloc, ["G20"]),
        ("opec", ActorKind.bloc, ["OPEC"]),
        ("opec-plus", ActorKind.bloc, ["OPEC+"]),
        ("arab-league", ActorKind.bloc, []),
        ("gcc", ActorKind.bloc, ["GCC"]),
        ("sadc", ActorKind.bloc, ["SADC"]),
        ("cis", ActorKind.bloc, ["CIS"]),
        ("eaeu", ActorKind.bloc, ["EAEU", "EEU"]),
        ("mercosur", ActorKind.bloc, ["MERCOSUR"]),
        ("oas", ActorKind.bloc, ["OAS"]),
        ("celac", ActorKind.bloc, ["CELAC"]),
        ("oic", ActorKind.bloc, ["OIC"]),
        ("eccas", ActorKind.bloc, ["ECCAS"]),
        ("eac", ActorKind.bloc, ["EAC"]),
        ("igad", ActorKind.bloc, ["IGAD"]),
        ("commonwealth", ActorKind.bloc, []),
        ("osce", ActorKind.organization, ["OSCE"]),
        ("council-of-europe", ActorKind.organization, []),
        ("iaea", ActorKind.organization, ["IAEA"]),
        ("imf", ActorKind.organization, ["IMF"]),
        ("world-bank", ActorKind.organization, []),
        ("wto", ActorKind.organization, ["WTO"]),
        ("quad", ActorKind.bloc, ["Quad"]),
        ("aukus", ActorKind.bloc, ["AUKUS"]),
        ("apec", ActorKind.bloc, ["APEC"]),
        ("g77", ActorKind.bloc, ["G77"]),
        ("western-powers", ActorKind.group, []),
        ("global-south", ActorKind.group, []),
    ],
)
def test_the_organisations_are_present_with_their_abbreviations(
    slug: str, kind: ActorKind, abbreviations: list[str]
) -> None:
    entry = by_slug()[slug]
    assert entry.kind == kind
    assert set(abbreviations) <= set(entry.abbreviations)


def test_bloc_members_are_state_slugs() -> None:
    entries_by_slug = by_slug()
    assert entries_by_slug["aes"].members == ("mali", "burkina-faso", "niger")
    assert len(entries_by_slug["eu"].members) == 27
    assert len(entries_by_slug["nato"].members) == 32
    for entry in entries():
        assert all(entries_by_slug[member].kind == ActorKind.state for member in entry.members)


def test_the_gazetteer_is_read_once() -> None:
    assert entries() is entries()
