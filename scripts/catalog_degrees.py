"""Degrees and credit pathways of the catalog converter: one record per degree, its tuition chosen
from every figure the data gives, and each pathway's credit.
"""

import re
from decimal import Decimal

from catalog_common import (
    LOW_CONFIDENCE,
    RULES,
    UNNAMED_DEGREE_TITLE,
    CatalogError,
    decimal_text,
    figure_sources,
    join_text,
    learner_text,
    money,
    money_text,
    newest_year,
    page_url,
    program_field,
    range_pair,
    slugify,
    strip_parenthetical,
    year_text,
)

DEGREES = RULES["degrees"]
SKIPPED_BENCHMARKS = RULES["skipped_benchmarks"]
NOT_AN_AMOUNT = re.compile(r"upper bound|not an exact", re.I)  # "under US$25,000" is a bound


def classify_tuition(name: str, note: str | None) -> str:
    if NOT_AN_AMOUNT.search(f"{name} {note or ''}"):
        return "context"
    for text in (name, note or ""):
        for rule in RULES["tuition"]["rules"]:
            if re.search(rule["pattern"], text.lower()):
                return rule["kind"]
    return "context"


def tuition_figure(item: dict, name: str) -> dict:
    label = name + (f"; {item['note']}" if item.get("note") else "")
    return dict(item, label=label, kind=classify_tuition(name, item.get("note")))


def pathway_figures(pathway: dict) -> list[dict]:
    """Tuition figures of a pathway's degree_tuition, with a label each."""
    foreign = {tuple(pair) for pair in RULES["foreign_tuition"]["keys"]}
    return [
        tuition_figure(item, key.replace("_", " "))
        for key, items in (pathway.get("degree_tuition") or {}).items()
        if key != "note" and (pathway["id"], key) not in foreign
        for item in items
    ]


def benchmark_figures(bench: dict) -> list[dict]:
    return [tuition_figure(item, item["basis"]) for item in bench.get("cost_figures") or []]


def merge_figures(groups: list[list[dict]]) -> list[dict]:
    """Combine the figure lists of several records about one degree.

    A figure of a later record merges into at most one equal figure (amount, currency, year) of
    an earlier record; equal figures within one record (Fall and Spring both $29,875) stay apart.
    """
    merged = []
    for group_index, group in enumerate(groups):
        taken = set()
        for figure in group:
            if figure["kind"] == "skip":
                continue
            key = (figure["amount"], figure["currency"], figure.get("year"))
            match = next(
                (
                    i
                    for i, known in enumerate(merged)
                    if i not in taken
                    and known["group"] != group_index
                    and (known["amount"], known["currency"], known.get("year")) == key
                ),
                None,
            )
            if match is None:
                merged.append(dict(figure, group=group_index, sources=list(figure["sources"])))
                taken.add(len(merged) - 1)
                continue
            known = merged[match]
            taken.add(match)
            known["sources"] = sorted(set(known["sources"]) | set(figure["sources"]))
            known["derived"] = known.get("derived") or figure.get("derived")
            if known["kind"] == "context" and figure["kind"] != "context":
                known["kind"], known["label"] = figure["kind"], figure["label"]
    return merged


def pick_tuition(figures: list[dict]):
    """The figure shown as the degree's tuition: by unit preference, then newest, then first listed."""
    for kind in RULES["tuition"]["preference"]:
        candidates = [f for f in figures if f["kind"] == kind and f["amount"] is not None]
        if candidates:
            newest = newest_year(*(f.get("year") for f in candidates))
            return next(f for f in candidates if f.get("year") == newest)
    return None


def figure_text(figure: dict) -> str:
    if figure["amount"] is None:
        return f"no amount ({year_text(figure.get('year'))}): {figure['label']}"
    derived = "; computed by the data set from sourced figures" if figure.get("derived") else ""
    return f"{money_text(figure['amount'], figure['currency'])} ({year_text(figure.get('year'))}): {figure['label']}{derived}"


def tuition_count(kind: str, credits, months_low, months_high):
    if kind == "per_credit":
        return credits  # null when the degree's credits are unknown
    if kind == "per_year" and months_low and months_low == months_high and months_low % 12 == 0:
        return Decimal(months_low // 12)  # the stated length is a whole number of years
    return None


def first_value(values, record_id: str, what: str):
    """The one value several records give for a fact; differing values are an error."""
    found = [v for v in values if v is not None]
    if len({str(v) for v in found}) > 1:
        raise CatalogError(f"degree {record_id}: conflicting {what}: {found}")
    return found[0] if found else None


def merged_months(records, record_id: str):
    """Union of the stated length ranges (16-20 and 12-20 give 12-20)."""
    lows, highs = [], []
    for low, high in records:
        low, high, note = range_pair(low, high, record_id, "Months")
        if note:
            raise CatalogError(f"degree {record_id}: one-sided length")
        if low is not None:
            lows.append(low)
            highs.append(high)
    return (min(lows), max(highs)) if lows else (None, None)


def degree_format(text: str, record_id: str) -> str:
    if not text:
        return ""
    if text in RULES["format_by_modality"]:
        return RULES["format_by_modality"][text]
    for prefix, kind in (("online", "online"), ("on campus", "on_campus"), ("blended", "blended")):
        if text.lower().startswith(prefix) and " or " not in text:
            return kind
    return ""


def degree_tuition(figures: list[dict], credits, months_low, months_high, extra_notes: list[str]) -> dict:
    """The tuition fields of a degree: the chosen figure, with the others as staff notes."""
    chosen = pick_tuition(figures)
    notes = []
    if chosen:
        derived = "; computed by the data set from sourced figures" if chosen.get("derived") else ""
        notes.append(f"Shown: {chosen['label']}{derived}")
    others = sorted((f for f in figures if f is not chosen), key=lambda f: -(f.get("year") or 0))
    if others:
        notes.append("Other figures: " + "; ".join(figure_text(f) for f in others))
    notes += [text for text in extra_notes if text and text not in notes]
    return {
        "tuition_amount": chosen and money(chosen["amount"]),
        "tuition_currency": chosen["currency"] if chosen else "",
        "tuition_unit": chosen["kind"] if chosen else "",
        "tuition_count": chosen
        and decimal_text(tuition_count(chosen["kind"], credits, months_low, months_high)),
        "tuition_year": chosen and chosen.get("year"),
        "tuition_note": join_text(*notes),
    }, chosen


def total_credits(pathway: dict) -> tuple:
    """(credits, unit) of a pathway's degree; the data may give them as one object with sources."""
    credits, unit = pathway.get("degree_total_credits"), pathway.get("degree_credit_unit")
    if isinstance(credits, dict):
        return credits["amount"], unit or credits.get("unit")
    return credits, unit


def benchmark_uses(bench_id: str, degrees: dict) -> int:
    return sum(bench_id in spec.get("benchmarks", []) for spec in degrees.values())


def build_degree(slug, spec, pathways, benches, context) -> dict:
    programs_by_id, institution_slugs, raw_sources, degrees = context
    universities = {p["institution_id"] for p in pathways} | {
        institution_slugs[b["institution"]] for b in benches
    }
    if len(universities) != 1:
        raise CatalogError(f"degree {slug}: records name {sorted(universities)}")
    records = [
        (
            p,
            p.get("degree_modality"),
            *total_credits(p),
            p.get("degree_length_months_min"),
            p.get("degree_length_months_max"),
        )
        for p in pathways
    ]
    records += [(b, b.get("modality"), b.get("total_credits"), b.get("credit_unit"),
                 b.get("length_months_min"), b.get("length_months_max")) for b in benches]  # fmt: skip
    format_note = next((r[1] for r in records if r[1]), "")
    credits = first_value([r[2] for r in records], slug, "total credits")
    months_low, months_high = merged_months([(r[4], r[5]) for r in records], slug)

    figures = merge_figures([pathway_figures(p) for p in pathways] + [benchmark_figures(b) for b in benches])
    extra = [(p.get("degree_tuition") or {}).get("note") for p in pathways] + [
        b.get("notes") for b in benches
    ]
    tuition, chosen = degree_tuition(figures, credits, months_low, months_high, extra)
    sources = {s for p in pathways for s in p["sources"]} | {s for f in figures for s in f["sources"]}
    for bench in benches:
        # A benchmark about several degrees (the HES ALM fields) cites pages of all of them.
        if benchmark_uses(bench["id"], degrees) == 1:
            sources.update(bench["sources"])
    facts_year = newest_year(*(f.get("year") for f in figures)) or newest_year(
        *(raw_sources[s]["year"] for s in sources)
    )
    related = [programs_by_id[p["program_id"]] for p in pathways] or [
        programs_by_id[i] for b in benches for i in b["related_program_ids"]
    ]
    fields = {program_field(p) for p in related}
    obvious = (
        slug not in RULES["degree_field_not_obvious"]["degrees"] and spec["title"] != UNNAMED_DEGREE_TITLE
    )
    caveat = RULES["degree_caveats"].get(slug, "")
    if spec["title"] == UNNAMED_DEGREE_TITLE:
        caveat = join_text(caveat, "The source names only the university, not the degree")
    caveat = join_text(caveat, spec.get("caveat", ""))
    return {
        "slug": slug,
        "title": spec["title"],
        "university": universities.pop(),
        "field": fields.pop() if obvious and len(fields) == 1 else None,
        "format": degree_format(format_note, slug),
        "format_note": format_note,
        **tuition,
        "tuition_history": [],
        "credits_total": decimal_text(credits),
        "credit_unit": next((r[3] for r in records if r[3]), ""),
        "months_min": months_low,
        "months_max": months_high,
        "figure_sources": figure_sources(
            tuition=chosen and chosen["sources"],
            # Of a record's sources, those about this degree (a benchmark may cover several).
            credits=[s for r in records if r[2] is not None for s in r[0]["sources"] if s in sources],
            months=[s for r in records if r[4] is not None for s in r[0]["sources"] if s in sources],
            format=[s for r in records if r[1] for s in r[0]["sources"] if s in sources],
        ),
        "url": page_url(RULES["degree_pages"].get(slug), raw_sources, slug),
        "sources": sorted(sources),
        "verified_on": spec["verified_on"],
        "facts_year": facts_year,
        "caveat": caveat,
    }


def third_party_name(pathway: dict) -> bool:
    return bool(re.search(RULES["third_party_degree_names"]["pattern"], pathway.get("notes") or ""))


def place_pathways(programs_data: dict, placed_programs: set) -> tuple[dict, dict]:
    """The degree table with every pathway of placed programs in exactly one degree.

    A pathway the rules do not list joins the degree of its institution with the same title, or
    else forms a degree of its own, named as its source names it.
    """
    degrees = {slug: dict(spec) for slug, spec in DEGREES.items()}
    pathway_degree = {}
    for slug, spec in degrees.items():
        for pathway_id in spec.get("pathways", []):
            if pathway_id in pathway_degree:
                raise CatalogError(f"pathway {pathway_id}: listed under two degrees")
            pathway_degree[pathway_id] = slug
    institution_of = {p["id"]: p["institution_id"] for p in programs_data["pathways"]}
    by_title = {
        (institution_of[spec["pathways"][0]], spec["title"].lower()): slug
        for slug, spec in degrees.items()
        if spec.get("pathways")
    }
    for pathway in programs_data["pathways"]:
        if pathway["id"] in pathway_degree or pathway["program_id"] not in placed_programs:
            continue
        name = strip_parenthetical(pathway["degree_name"]) or UNNAMED_DEGREE_TITLE
        key = (pathway["institution_id"], name.lower())
        slug = by_title.get(key)
        if slug is None:
            slug = f"{pathway['institution_id']}-{slugify(name)}"[:120].strip("-")
            degrees[slug] = {"title": name, "pathways": []}
            if third_party_name(pathway):
                degrees[slug]["caveat"] = RULES["third_party_degree_names"]["caveat"]
            by_title[key] = slug
        degrees[slug].setdefault("pathways", []).append(pathway["id"])
        pathway_degree[pathway["id"]] = slug
    return degrees, pathway_degree


def build_degrees(programs_data, bench_data, institution_slugs, raw_sources, placed_programs):
    """Degree records, and the pathway id -> degree slug map."""
    pathways_by_id = {p["id"]: p for p in programs_data["pathways"]}
    benches_by_id = {b["id"]: b for b in bench_data["degree_benchmarks"]}
    programs_by_id = {p["id"]: p for p in programs_data["programs"]}
    degrees, pathway_degree = place_pathways(programs_data, placed_programs)
    used = {b for spec in degrees.values() for b in spec.get("benchmarks", [])}
    unknown = sorted((used - set(benches_by_id)) | {p for p in pathway_degree if p not in pathways_by_id})
    if unknown:
        raise CatalogError(f"catalog_rules.toml names records the data lacks: {unknown}")
    unplaced = set(benches_by_id) - used - set(SKIPPED_BENCHMARKS)
    if unplaced:
        raise CatalogError(f"benchmarks not in [degrees] or [skipped_benchmarks]: {sorted(unplaced)}")
    context = (programs_by_id, institution_slugs, raw_sources, degrees)
    records = []
    for slug, spec in degrees.items():
        pathways = [
            pathways_by_id[i]
            for i in spec.get("pathways", [])
            if pathways_by_id[i]["program_id"] in placed_programs
        ]
        benches = [benches_by_id[i] for i in spec.get("benchmarks", [])]
        if not pathways and not benches:
            continue
        dates = ([programs_data["generated_on"]] if pathways else []) + (
            [bench_data["generated_on"]] if benches else []
        )
        records.append(build_degree(slug, dict(spec, verified_on=min(dates)), pathways, benches, context))
    return records, pathway_degree


def share_fraction(percent, record_id: str) -> str | None:
    if percent is None:
        return None
    share = Decimal(str(percent)) / 100
    if not 0 < share <= 1:
        raise CatalogError(f"pathway {record_id}: share {percent}% out of range")
    return decimal_text(share)


def build_pathway(pathway: dict, degree: dict, raw_sources: dict, verified: str) -> dict:
    record_id = pathway["id"]
    credit = pathway.get("credit") or {}
    granted = credit.get("amount")
    required = total_credits(pathway)[0] if granted is not None else None
    if granted is not None and required is not None and not 0 < granted <= required:
        raise CatalogError(f"pathway {record_id}: {granted} of {required} credits")
    unit_text = pathway.get("degree_credit_unit") if required is not None else None
    unit = strip_parenthetical(unit_text) or strip_parenthetical(credit.get("unit"))

    share_min = share_fraction(credit.get("share_percent_min"), record_id)
    share_max = share_fraction(credit.get("share_percent_max"), record_id)
    # "At least a fifth" states only the lower end; an upper end alone is no share.
    if (share_min is None and share_max is not None) or (
        share_max and Decimal(share_min) > Decimal(share_max)
    ):
        raise CatalogError(f"pathway {record_id}: bad share range")
    if granted is not None and required is not None and share_min is not None:
        # The share follows from the credits; the data's rounded share (33.3%) must agree.
        exact = Decimal(str(granted)) / Decimal(str(required))
        if abs(exact - Decimal(share_min)) > Decimal("0.001") or share_min != share_max:
            raise CatalogError(f"pathway {record_id}: share disagrees with credits")
        share_min = share_max = None

    notes = [pathway.get("notes") or ""]
    name = pathway.get("degree_name")
    listed = third_party_name(pathway)
    if name and not listed and strip_parenthetical(name) != strip_parenthetical(degree["title"]):
        notes.append(f"Degree as named by the source: {name}")
    modality = pathway.get("degree_modality")
    if modality and modality != degree["format_note"]:
        notes.append(f"Format described for this pathway: {modality}")

    caveat = RULES["pathway_caveats"].get(record_id, "")
    flagged = [pathway.get("notes"), credit.get("share_of_degree_text")]
    flagged += [raw_sources[s].get("note") for s in pathway["sources"]]
    if not caveat and any(t and LOW_CONFIDENCE.search(t) for t in flagged):
        raise CatalogError(f"pathway {record_id}: low-confidence facts need a caveat")
    stated = granted is not None or share_min is not None or credit.get("share_of_degree_text")
    return {
        "slug": f"{pathway['program_id']}--{degree['slug']}",
        "program": pathway["program_id"],
        "degree": degree["slug"],
        "degree_name_as_listed": name if listed else "",
        "degree_name_lister": RULES["third_party_degree_names"]["lister"] if listed else "",
        "credits_granted": decimal_text(granted),
        "credits_required": decimal_text(required),
        "credit_unit": unit,
        "share_min": share_min,
        "share_max": share_max,
        "share_text": learner_text(credit.get("share_of_degree_text")),
        "conditions": join_text(*notes),
        "status": "unknown",  # the data states no pathway's current availability
        "figure_sources": figure_sources(credit=stated and pathway["sources"]),
        "url": page_url(RULES["pathway_pages"].get(record_id), raw_sources, record_id),
        "sources": sorted(set(pathway["sources"])),
        "verified_on": verified,
        "facts_year": newest_year(*(raw_sources[s]["year"] for s in pathway["sources"])),
        "caveat": caveat,
    }
