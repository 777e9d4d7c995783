#!/usr/bin/env python3
"""Build fixtures/catalog.json from the MicroMasters research data.

Reads ``micromasters_programs.json`` and ``degree_benchmarks.json`` (documented
in the data set's README.md) and writes one catalog file in the format of
docs/catalog-format.md. Standard library only; running it twice gives
byte-identical output.

    python scripts/build_catalog.py [--data DIR] [--out PATH]

Normalisation rules (from the project's issue):

* Nothing is invented. A fact missing from the data stays null / "" and the
  site shows "not published". Arithmetic is done only where the data supports
  it unambiguously (it is said so in a comment where it happens).
* Several dated figures for one fact: the most recent dated figure wins and
  keeps its year (``*_year``); the others are kept, with their years, in the
  record's note text (``tuition_note``, ``notes``).
* A degree is ONE record however many pathways name it. Pathway degrees and
  benchmark degrees are matched by the hand-written ``DEGREES`` table (no fuzzy
  matching). A pathway that names only the institution gets its own
  "Master's degree (not named by the source)" record at that university.
  Benchmarks without a pathway are still degrees; benchmark institutions that
  are not in ``universities[]`` become University records (slug from the
  name, country from the benchmark, short_name and website "").
* Degree tuition: a full-degree total wins, else a per-credit rate (count =
  the degree's total credits, or null when unknown), else a per-term/per-year
  figure (count only where the length is sourced). Currency as quoted; no
  conversion. Figures not shown go into ``tuition_note`` with their years.
* Low-confidence records (data_quality ``low:...``, notes saying
  "unidentified" / "low confidence") are kept with a plain-English
  ``caveat``; ``thin`` programs get a short caveat too.
* Fields come from the program ``subject`` via ``SUBJECT_FIELDS``; degrees take
  the field of their related program(s) when that is obvious.
* status: "active..." -> active, "retired"/"discontinued..." -> retired,
  anything else -> unknown; the source's words go to ``status_note``.
  Pathways carry no status in the data, so they are ``unknown``.
* pacing: "self-paced..." -> self_paced, "instructor-paced..." ->
  instructor_led, "mixed..." -> mixed, none -> ""; text kept in pacing_note.
* courses: required/core -> required, capstone -> capstone, capstone_exam ->
  exam, elective/track course -> elective. A fee carried by an exam course is
  never also written as the program's exam_fee.
* Shares: percent -> fraction string ("25" -> "0.25"). Where a pathway states
  "N of M" credits the share follows from them, so the data's rounded share
  (33.3% for 16 of 48) is checked against them and not written.
* A range with only one end stated ("within 12 months") cannot be a min/max
  pair; both stay null and the bound is written in the notes.
* Provenance: sources of both files, deduplicated by id (``kind`` = the
  source ``type``; a source without URL keeps its ``locator``);
  ``verified_on`` = the data set's ``generated_on``; ``facts_year`` = the
  program's ``as_of``, for degrees the newest dated figure (else the newest
  source), for pathways the newest source. url fields only hold pages that a
  source of the data is (tables ``*_PAGES``).
* Anything that breaks the format's invariants raises ``CatalogError`` naming
  the record; nothing is dropped silently. Unknown subjects, roles, modality
  texts, pathways or benchmarks fail too, so new data forces a decision in the
  tables below.
"""

import argparse
import json
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "fixtures" / "catalog.json"

FORMAT_NAME = "micromasters-catalog"
FORMAT_VERSION = 1
UNNAMED_DEGREE_TITLE = "Master's degree (not named by the source)"
THIN_CAVEAT = "Few facts about this program were found in public sources."


class CatalogError(ValueError):
    """The data cannot be represented in the catalog format as it stands."""


# --------------------------------------------------------------------------
# Hand-written tables. Every judgement call about the data lives here.
# --------------------------------------------------------------------------

FIELDS = {
    "business": "Business",
    "computer-science": "Computer Science",
    "data-science": "Data Science",
    "design": "Design",
    "economics-and-policy": "Economics and Policy",
    "education": "Education",
    "energy": "Energy",
    "engineering": "Engineering",
    "finance": "Finance",
    "hospitality": "Hospitality",
    "law-and-human-rights": "Law and Human Rights",
    "life-sciences": "Life Sciences",
    "social-work": "Social Work",
    "supply-chain-management": "Supply Chain Management",
}

# Program `subject` (free text) -> field slug. An unknown subject is an error,
# so a new program in the data forces a decision here.
SUBJECT_FIELDS = {
    "Analytics / Data Science": "data-science",
    "Business": "business",
    "Business / Digital Management": "business",
    "Business / Entrepreneurship": "business",
    "Business / International Business": "business",
    "Business / Leadership": "business",
    "Business / Leadership and Negotiation": "business",
    "Business / Management": "business",
    "Business / Technology and Innovation Management": "business",
    # Analytics is the quantitative side of the program; grouped with data science.
    "Business Analytics": "data-science",
    "Cloud Computing / IT": "computer-science",
    "Computer Science": "computer-science",
    "Computer Science / Artificial Intelligence": "computer-science",
    "Computer Science / Software Engineering": "computer-science",
    "Cybersecurity": "computer-science",
    "Data Science": "data-science",
    "Data Science / Big Data": "data-science",
    "Data Science / Statistics": "data-science",
    "Economics / Public Policy / International Development": "economics-and-policy",
    "Education / Instructional Design and Learning Technology": "education",
    "Education / Leadership": "education",
    "Energy / Engineering": "energy",
    "Engineering / Internet of Things": "engineering",
    "Engineering / Manufacturing": "engineering",
    "Engineering / Quantum Technology": "engineering",
    "Engineering / Robotics": "engineering",
    # Solar energy engineering: the energy subject is what sets it apart.
    "Engineering / Solar Energy": "energy",
    "Finance": "finance",
    "Hospitality / Tourism Management": "hospitality",
    "Human Rights / Law / Social Science": "law-and-human-rights",
    "International Development / Leadership": "economics-and-policy",
    "Law / International Law": "law-and-human-rights",
    "Life Sciences / Bioeconomy": "life-sciences",
    "Life Sciences / Bioinformatics": "life-sciences",
    "Project Management / Business": "business",
    "Social Work": "social-work",
    "Supply Chain Management / Logistics": "supply-chain-management",
    "User Experience / Design": "design",
}

# Course `role` -> course kind of the format.
ROLE_KINDS = {
    "required": "required",
    "core": "required",
    "capstone": "capstone",
    "capstone_exam": "exam",
    "elective": "elective",
    "track course (one of the track options)": "elective",
    "track course (alternative to 14.310x)": "elective",
}

# How many elective courses a learner must add, only where the data says so.
ELECTIVES_REQUIRED = {
    # tracks: "Credential = 3 core + 2 electives within a track".
    "mitx-data-economics-design-of-policy": (
        2,
        "The credential needs 3 core courses plus 2 electives within a track.",
    ),
    # tracks: "each requires four courses plus the capstone exam"; three courses
    # are required and 6.419x is listed as the alternative to 14.310x, so the
    # fourth course is one of those two.
    "mitx-statistics-and-data-science": (
        1,
        "Each track needs four courses: the three required courses plus one "
        "of the track courses 14.310x or 6.419x (alternatives to each other).",
    ),
}

# Prerequisites stated in course notes ("Continues directly from 15.415.1x",
# "Requires knowledge from the two Foundations courses").
PREREQUISITES = {
    "mitx-finance--15-415-2x": ["mitx-finance--15-415-1x"],
    "mitx-finance--15-435x": ["mitx-finance--15-415-1x", "mitx-finance--15-415-2x"],
}

# Programs whose per-course price (per_course_min == per_course_max) is stated
# for every course, so it may be copied onto course records without an own
# price. Deliberately NOT listed: columbiax-artificial-intelligence (the $199
# is one course's price), ubcx-software-development ($125 is one course's
# price; 6 x 125 does not match the $832.50 total), the UQx programs (the
# dataset itself "interprets" a generic US$100 certificate fee).
UNIFORM_COURSE_PRICE_PROGRAMS = {
    "mitx-supply-chain-management",  # FAQ: $150 per course
    "iimbx-entrepreneurship",  # catalog price_ranges: 4 courses, $600
    "hkpolyux-international-hospitality-management",  # price_ranges min = max
    "michiganx-ux-research-and-design",
    "michiganx-social-work",
}

# Plain-English caveats for low-confidence programs: data_quality "low:..."
# or facts resting on a source flagged as low confidence.
PROGRAM_CAVEATS = {
    "curtinx-internet-of-things": (
        "Low confidence: this program is known only from third-party lists on "
        "GitHub that link to an edX program page; no official source was found."
    ),
    "usmx-umuc-bioinformatics": (
        "Low confidence: this program is known only from a third-party README on "
        "GitHub that links to an edX program page; no official source was found."
    ),
    "edinburgh-university-business-school-micromasters": (
        "Low confidence: the university reports launching a Business School "
        "MicroMasters with edX in 2019, but its title, courses, price and credit "
        "were not found."
    ),
    "pennx-robotics": (
        "The course length (12 weeks each) comes from an unidentified third-party "
        "note and a learner's repository; Penn's own figures were not found."
    ),
}

# url fields: the record's own page, only where a source in the data is that
# page. Value: source id, or (source id, url) when the url is quoted inside the
# source's locator text (checked by the script).
PROGRAM_PAGES = {
    "columbiax-business-analytics": "src-columbia-ba-cvn",
    "iimbx-entrepreneurship": (
        "src-edx-fixture-iimbx",
        "https://www.edx.org/micromasters/iimbx-entrepreneurship",
    ),
    "curtinx-internet-of-things": (
        "src-iot-lists",
        "https://www.edx.org/micromasters/curtinx-internet-of-things",
    ),
    "usmx-umuc-bioinformatics": (
        "src-bioinf-list",
        "https://www.edx.org/micromasters/usmx-umuc-bioinformatics",
    ),
}
DEGREE_PAGES = {
    "adelaide-master-of-data-science": "src-adelaide-mdatasci-2024",
    "anu-master-of-leadership": "src-anu-mlead-2021",
    "bu-questrom-online-mba": "src-bu-omba",
    "harvard-extension-alm-data-science": "src-hes-ds-requirements-2025",
    "hkust-msc-big-data-technology": "src-hkust-msc-bdt-2024",
    "mit-dedp-masc": "src-mit-dedp-masters",
    "mit-scm": "src-mit-scmr",
    "polyu-msc-international-hospitality-management": "src-polyu-ihm-2022",
    "purdue-msece-online": "src-purdue-msece-curriculum",
    "rit-ms-cybersecurity": "src-rit-cyber-ms",
    "rit-ms-professional-studies": "src-rit-msps",
    "uclouvain-drin2mc": "src-uclouvain-drin2mc",
    "umich-ma-educational-studies": "src-umich-soe-blended",
    "zlc-zlog": "src-zlc-scale-master",
}
# Official pages that state the pathway itself.
PATHWAY_PAGES = {
    "mitx-supply-chain-management--mit--scm-blended": "src-mit-scmb-faq",
    "mitx-supply-chain-management--zlc--zlog-blended": "src-zlc-zlogb",
    "mitx-supply-chain-management--harvard-extension--alm-management": "src-hes-scm-management",
    "mitx-supply-chain-management--harvard-extension--alm-sustainability": "src-hes-scm-sustainability",
    "mitx-data-economics-design-of-policy--harvard-extension--alm-global-development-practice": "src-hes-dedp-gdp",
    "mitx-statistics-and-data-science--harvard-extension--alm-data-science": "src-hes-sds-ds",
    "mitx-finance--harvard-extension--alm-finance": "src-hes-alt-pathways",
    "mitx-data-economics-design-of-policy--mit--masc-dedp": "src-mit-dedp-masters",
    "mitx-principles-of-manufacturing--mit--meng-amd": "src-mit-pom-faq",
    "columbiax-business-analytics--columbia--ms-in-management-science-engineering-engineering-and-busines": "src-columbia-ba-cvn",
    "columbiax-business-analytics--columbia--ms-in-operations-research-engineering-school": "src-columbia-ba-cvn",
    "columbiax-business-analytics--columbia--ms-in-marketing-science-business-school": "src-columbia-ba-cvn",
    "columbiax-business-analytics--columbia--ms-in-business-analytics-engineering-and-business-schools": "src-columbia-ba-cvn",
    "gtx-analytics-essential-tools-and-methods--gatech--online-master-of-science-in-analytics-omsa": "src-gt-omsa-faq",
    "michiganx-leading-educational-innovation-and-improvement--umich--blended-master-of-arts-in-educational-studies-u-m-school-of": "src-umich-soe-blended",
    "uqx-business-leadership--uq--master-of-leadership-in-service-innovation-to-2022-renamed-m": "src-uq-mlsi",
    "anux-evidence-based-management--anu--master-of-leadership-anu": "src-anu-mlead-2021",
    "louvainx-international-law--uclouvain--master-of-specialization-in-international-law-drin2mc-public": "src-uclouvain-drin2mc",
}

# Benchmark `institution` strings that name a university of universities[]
# differently. Names not listed and not equal to a universities[] name become
# new University records.
INSTITUTION_ALIASES = {
    "UCLouvain": "uclouvain",
    "Zaragoza Logistics Center (University of Zaragoza & MIT SCALE)": "zlc",
    "University of Michigan School of Education": "umich",
    "Boston University": "bu",
    "University of Maryland Global Campus": "umgc",
    "Delft University of Technology": "tudelft",
}

# One record per degree. "pathways": every pathway id of the data appears in
# exactly one degree; "benchmarks": degree_benchmarks ids describing the same
# degree (a benchmark may describe several degrees, e.g. the HES ALM fields).
# Titles are the data's names, without the notes the data appends to them.
DEGREES = {
    # MIT SCM: residential (SCMr) and blended (SCMb) are paths to the same
    # degree ("MIT units (same degree as SCMr)"), so one record.
    "mit-scm": {
        "title": "Master's in Supply Chain Management (MASc-SCM or MEng-SCM)",
        "pathways": ["mitx-supply-chain-management--mit--scm-blended"],
        "benchmarks": ["mit-scm-residential", "mit-scm-blended"],
    },
    # ZLOG and the blended ZLOGb path lead to the same Master of Engineering.
    "zlc-zlog": {
        "title": "Master of Engineering in Logistics and Supply Chain Management (ZLOG)",
        "pathways": ["mitx-supply-chain-management--zlc--zlog-blended"],
        "benchmarks": ["zlc-zlog-residential"],
    },
    "harvard-extension-alm-management": {
        "title": "Master of Liberal Arts (ALM), field of Management",
        "pathways": ["mitx-supply-chain-management--harvard-extension--alm-management"],
        "benchmarks": ["harvard-extension-alm"],
    },
    "harvard-extension-alm-sustainability": {
        "title": "Master of Liberal Arts (ALM), field of Sustainability",
        "pathways": ["mitx-supply-chain-management--harvard-extension--alm-sustainability"],
        "benchmarks": ["harvard-extension-alm"],
    },
    "harvard-extension-alm-global-development-practice": {
        "title": "Master of Liberal Arts (ALM), field of Global Development Practice",
        "pathways": [
            "mitx-data-economics-design-of-policy--harvard-extension--alm-global-development-practice"
        ],
        "benchmarks": ["harvard-extension-alm"],
    },
    "harvard-extension-alm-data-science": {
        "title": "Master of Liberal Arts (ALM), field of Data Science",
        "pathways": ["mitx-statistics-and-data-science--harvard-extension--alm-data-science"],
        "benchmarks": ["harvard-extension-alm"],
    },
    "harvard-extension-alm-finance": {
        "title": "Master of Liberal Arts (ALM), field of Finance",
        "pathways": ["mitx-finance--harvard-extension--alm-finance"],
        "benchmarks": ["harvard-extension-alm"],
    },
    "polyu-unnamed-masters-scm": {
        "title": UNNAMED_DEGREE_TITLE,
        "pathways": ["mitx-supply-chain-management--polyu--unspecified"],
    },
    "itam-unnamed-masters-dedp": {
        "title": UNNAMED_DEGREE_TITLE,
        "pathways": ["mitx-data-economics-design-of-policy--itam--unspecified"],
    },
    "uq-unnamed-masters-global-development": {
        "title": UNNAMED_DEGREE_TITLE,
        "pathways": ["uqx-leadership-in-global-development--uq--unspecified"],
    },
    "curtin-unnamed-masters-human-rights": {
        "title": UNNAMED_DEGREE_TITLE,
        "pathways": ["curtinx-human-rights--curtin--unspecified"],
    },
    "mit-dedp-masc": {
        "title": "Master of Applied Science in Data, Economics, and Design of Policy (MASc DEDP)",
        "pathways": ["mitx-data-economics-design-of-policy--mit--masc-dedp"],
        "benchmarks": ["mit-dedp-masc"],
    },
    "mit-meng-advanced-manufacturing": {
        "title": "Master of Engineering in Advanced Manufacturing and Design (MEng)",
        "pathways": ["mitx-principles-of-manufacturing--mit--meng-amd"],
        "benchmarks": ["mit-meng-advanced-manufacturing"],
    },
    "mit-sloan-mfin": {
        "title": "MIT Sloan Master of Finance (MFin)",
        "benchmarks": ["mit-sloan-mfin"],
    },
    "mit-sdm": {
        "title": "System Design and Management master's (SDM)",
        "benchmarks": ["mit-sdm"],
    },
    # The benchmark "columbia-ms-business-analytics-mse" covers the 36-point
    # programs (MSBA, MS&E, MSFE); it feeds the two that have pathways.
    "columbia-ms-management-science-engineering": {
        "title": "MS in Management Science & Engineering (Engineering and Business Schools)",
        "pathways": [
            "columbiax-business-analytics--columbia--ms-in-management-science-engineering-engineering-and-busines"
        ],
        "benchmarks": ["columbia-ms-business-analytics-mse"],
    },
    "columbia-ms-operations-research": {
        "title": "MS in Operations Research (Engineering School)",
        "pathways": ["columbiax-business-analytics--columbia--ms-in-operations-research-engineering-school"],
        "benchmarks": ["columbia-ms-operations-research"],
    },
    "columbia-ms-marketing-science": {
        "title": "MS in Marketing Science (Business School)",
        "pathways": ["columbiax-business-analytics--columbia--ms-in-marketing-science-business-school"],
    },
    "columbia-ms-business-analytics": {
        "title": "MS in Business Analytics (Engineering and Business Schools)",
        "pathways": [
            "columbiax-business-analytics--columbia--ms-in-business-analytics-engineering-and-business-schools"
        ],
        "benchmarks": ["columbia-ms-business-analytics-mse"],
    },
    "curtin-master-of-predictive-analytics": {
        "title": "Master of Predictive Analytics",
        "pathways": ["ucsandiegox-data-science--curtin--master-of-predictive-analytics"],
    },
    "curtin-msc-computer-science": {
        "title": "Master of Science (Computer Science)",
        "pathways": ["ubcx-software-development--curtin--master-of-science-computer-science"],
    },
    "rit-ms-data-science": {
        "title": "Master of Science in Data Science",
        "pathways": ["ucsandiegox-data-science--rit--master-of-science-in-data-science-rit"],
        "benchmarks": ["rit-ms-data-science"],
    },
    "rit-ms-professional-studies": {
        "title": "Master of Science in Professional Studies",
        "pathways": [
            "ucsandiegox-algorithms-and-data-structures--rit--master-of-science-in-professional-studies-rit",
            "ubcx-software-development--rit--master-of-science-in-professional-studies-rit",
            "gtx-analytics-essential-tools-and-methods--rit--master-of-science-in-professional-studies-rit",
            "ritx-cybersecurity--rit--master-of-science-in-professional-studies-rit",
            "purduex-quantum-technology-computing--rit--master-of-science-in-professional-studies-rit",
            "purduex-quantum-technology-detectors-and-networking--rit--master-of-science-in-professional-studies-rit",
            "adelaidex-big-data--rit--master-of-science-in-professional-studies-rit",
        ],
        "benchmarks": ["rit-ms-professional-studies"],
    },
    "rit-ms-cybersecurity": {
        "title": "Cybersecurity MS",
        "benchmarks": ["rit-ms-cybersecurity"],
    },
    "gatech-omsa": {
        "title": "Online Master of Science in Analytics (OMSA)",
        "pathways": [
            "gtx-analytics-essential-tools-and-methods--gatech--online-master-of-science-in-analytics-omsa"
        ],
        "benchmarks": ["gatech-omsa"],
    },
    "gatech-omscs": {
        "title": "Online Master of Science in Computer Science (OMSCS)",
        "benchmarks": ["gatech-omscs"],
    },
    "gatech-oms-cybersecurity": {
        "title": "Online Master of Science in Cybersecurity",
        "benchmarks": ["gatech-oms-cybersecurity"],
    },
    "umgc-ms-cloud-computing-systems": {
        "title": "Master of Science in Cloud Computing Systems",
        "pathways": ["usmx-umgc-cloud-computing--umgc--master-of-science-in-cloud-computing-systems"],
        "benchmarks": ["umgc-ms-cloud-computing-systems"],
    },
    "purdue-msece-online": {
        "title": "Master of Science in Electrical and Computer Engineering (online)",
        "pathways": [
            "purduex-quantum-technology-computing--purdue--master-of-science-in-electrical-and-computer-engineering-pur",
            "purduex-quantum-technology-detectors-and-networking--purdue--master-of-science-in-electrical-and-computer-engineering-pur",
        ],
        "benchmarks": ["purdue-msece-online"],
    },
    "adelaide-master-of-data-science": {
        "title": "Master of Data Science",
        "pathways": ["adelaidex-big-data--adelaide--master-of-data-science-university-of-adelaide"],
        "benchmarks": ["adelaide-master-of-data-science"],
    },
    # The HKUST pathway names two degrees at once; its figures (30 credits,
    # 9-credit transfer cap, HK$242,000) are the MSc BDT's, so it links there.
    "hkust-msc-big-data-technology": {
        "title": "MSc in Big Data Technology (BDT)",
        "pathways": [
            "hkustx-big-data-technology--hkust--msc-in-big-data-technology-bdt-and-msc-in-information-techno"
        ],
        "benchmarks": ["hkust-msc-big-data-technology"],
    },
    "hkust-msc-information-technology": {
        "title": "MSc in Information Technology",
        "benchmarks": ["hkust-msc-information-technology"],
    },
    "penn-mse-robotics": {
        "title": "Master of Science in Engineering (MSE) in Robotics (ROBO)",
        "pathways": ["pennx-robotics--penn--master-of-science-in-engineering-mse-in-robotics-robo"],
        "benchmarks": ["penn-mse-robotics"],
    },
    "umich-msw": {
        "title": "Master of Social Work (MSW)",
        "pathways": ["michiganx-social-work--umich--master-of-social-work-msw-university-of-michigan"],
        "benchmarks": ["umich-msw"],
    },
    "umich-msi": {
        "title": "Master of Science in Information (UMSI)",
        "benchmarks": ["umich-msi"],
    },
    # The Blended MA is a path into the School of Education's MA.
    "umich-ma-educational-studies": {
        "title": "Master of Arts in Educational Studies (Blended MA path)",
        "pathways": [
            "michiganx-leading-educational-innovation-and-improvement--umich--blended-master-of-arts-in-educational-studies-u-m-school-of"
        ],
        "benchmarks": ["umich-soe-ma-educational-studies"],
    },
    "ucsd-mds-online": {
        "title": "Master of Data Science (online)",
        "benchmarks": ["ucsd-mds-online"],
    },
    "ucsd-rady-msba": {
        "title": "MS in Business Analytics (Rady School, full-time 11-month)",
        "benchmarks": ["ucsd-rady-msba"],
    },
    "bu-questrom-online-mba": {
        "title": "Online MBA (OMBA), Questrom School of Business",
        "benchmarks": ["bu-questrom-omba"],
    },
    "uq-master-of-leadership-in-service-innovation": {
        "title": "Master of Leadership in Service Innovation (renamed Master of Leadership and Innovation from 2023)",
        "pathways": [
            "uqx-business-leadership--uq--master-of-leadership-in-service-innovation-to-2022-renamed-m"
        ],
    },
    "uq-on-campus-masters-of-business": {
        "title": "On-campus master's of business (exact degree title not published)",
        "pathways": ["uqx-business-leadership--uq--on-campus-masters-of-business"],
    },
    "uq-master-of-sustainable-energy": {
        "title": "Master of Sustainable Energy",
        "pathways": ["uqx-sustainable-energy--uq--master-of-sustainable-energy-uq-on-campus"],
    },
    "anu-master-of-leadership": {
        "title": "Master of Leadership",
        "pathways": ["anux-evidence-based-management--anu--master-of-leadership-anu"],
        "benchmarks": ["anu-master-of-leadership"],
    },
    "tudelft-msc-sustainable-energy-technology": {
        "title": "MSc Sustainable Energy Technology (SET)",
        "pathways": ["delftx-solar-energy-engineering--tudelft--msc-set"],
        "benchmarks": ["tudelft-msc-set-and-ee"],
    },
    "tudelft-msc-electrical-engineering": {
        "title": "MSc Electrical Engineering (track: Electrical Power Engineering)",
        "pathways": ["delftx-solar-energy-engineering--tudelft--msc-ee"],
        "benchmarks": ["tudelft-msc-set-and-ee"],
    },
    "uclouvain-drin2mc": {
        "title": "Master of Specialization in International Law (DRIN2MC)",
        "pathways": [
            "louvainx-international-law--uclouvain--master-of-specialization-in-international-law-drin2mc-public"
        ],
        "benchmarks": ["uclouvain-drin2mc"],
    },
    "polyu-msc-international-hospitality-management": {
        "title": "MSc in International Hospitality Management",
        "pathways": [
            "hkpolyux-international-hospitality-management--polyu--msc-in-international-hospitality-management-school-of-hotel"
        ],
        "benchmarks": ["polyu-msc-international-hospitality-management"],
    },
    "wur-msc-biobased-sciences": {
        "title": "MSc Biobased Sciences",
        "pathways": ["wageningenx-biobased-sciences--wur--msc-biobased-sciences-wageningen"],
        "benchmarks": ["wur-msc-biobased-sciences"],
    },
    "tec-mba": {
        "title": "Master in Business Administration (MBA), EGADE Business School",
        "pathways": [
            "tecdemonterreyx-negotiation-and-leadership--tec--master-in-business-administration-mba-tecnol-gico-de-monterr"
        ],
    },
    "university-of-texas-at-austin-mscs-online": {
        "title": "Master's Degree in Computer Science (online, edX)",
        "benchmarks": ["utaustin-mscs-online"],
    },
    "university-of-texas-at-austin-msds-online": {
        "title": "Master's Degree in Data Science (online, edX)",
        "benchmarks": ["utaustin-msds-online"],
    },
}

# Benchmarks that are not one degree, with the reason (reported, not silent).
SKIPPED_BENCHMARKS = {
    "columbia-graduate-per-point": "a per-point tuition schedule, not a degree",
    "coursera-online-masters-2022": "a list of six degrees at several institutions "
    "(institution 'various', no countries)",
}

# Degrees whose related program's field is not obviously the degree's field.
DEGREE_FIELD_NOT_OBVIOUS = {
    "harvard-extension-alm-management",  # related program: supply chain
    "harvard-extension-alm-sustainability",  # related program: supply chain
    "columbia-ms-management-science-engineering",
    "columbia-ms-operations-research",
    "columbia-ms-marketing-science",
    "hkust-msc-information-technology",  # related program: big data
    "tudelft-msc-electrical-engineering",  # related program: solar energy
    "umich-msi",  # related program: UX design
}

DEGREE_CAVEATS = {
    "uq-on-campus-masters-of-business": (
        "The only source is an undated news report that calls this UQ's "
        "on-campus masters of business; the exact degree was not named."
    ),
    "umich-msw": (
        "The tuition shown is the University of Michigan's general in-state "
        "graduate tuition (from a third-party guide), not an MSW-specific figure."
    ),
}

PATHWAY_CAVEATS = {
    "pennx-robotics--penn--master-of-science-in-engineering-mse-in-robotics-robo": (
        "The credit of 3 of 10 courses comes from an unidentified third-party "
        "note and has not been confirmed by Penn."
    ),
    "uqx-leadership-in-global-development--uq--unspecified": (
        "The 25% credit comes from blog posts about Australian MicroMasters in "
        "general; the degree was not named."
    ),
    "curtinx-human-rights--curtin--unspecified": (
        "The 25% credit comes from blog posts about Australian MicroMasters in "
        "general; the degree was not named."
    ),
    "anux-evidence-based-management--anu--master-of-leadership-anu": (
        "The 25% credit comes from blog posts about Australian MicroMasters in "
        "general; ANU's own page states only the admission route."
    ),
    "uqx-business-leadership--uq--on-campus-masters-of-business": (
        "The 25% credit comes from an undated news report; the exact degree was not named."
    ),
}

# Words that mark a low-confidence fact; a record containing them must have a
# caveat in the tables above.
LOW_CONFIDENCE = re.compile(r"low confidence|low-confidence|unidentified|should be verified", re.I)

# Degree modality text (pathway degree_modality / benchmark modality) ->
# format. "" = the text does not settle it (e.g. "online or on campus").
# An unlisted text is an error.
FORMAT_BY_MODALITY = {
    "blended": "blended",
    "blended (MicroMasters online + on campus; cohort starts in January)": "blended",
    "blended (edX MicroMasters + face-to-face units in Louvain-la-Neuve)": "blended",
    "blended (online + ~5 months on campus in Spain incl. ~3 weeks at MIT)": "blended",
    "blended (online MicroMasters + on campus Jan-June); residential path is 10 months on campus": "blended",
    "blended (online MicroMasters + on campus in Cambridge, MA; cohort arrives in January)": "blended",
    "blended (online MicroMasters + on-campus courses)": "blended",
    "full-time or part-time": "",
    # Hong Kong "mixed mode" means full-time/part-time study, not online.
    "mixed mode; full-time 1-1.5 years or part-time 3 years": "",
    "mixed mode; full-time 1-1.5 years, part-time 3 years": "",
    "mostly online with a required on-campus component": "blended",
    "on campus": "on_campus",
    "on campus (12-, 16-, 20-month and extended options)": "on_campus",
    "on campus (full-time 1 year or part-time 2 years)": "on_campus",
    "on campus (options: 12, 16, 20-month, extended)": "on_campus",
    "on campus / distance options": "",
    "on campus or online (depending on concentrations)": "",
    "on campus or online (with certain concentrations the degree can be completed entirely online)": "",
    "on campus, full time": "on_campus",
    "on campus, full time (12 months for the regular path)": "on_campus",
    "on campus, full time (12 months)": "on_campus",
    "on campus; blended path starts with the MicroMasters": "on_campus",
    "on campus; full-time 1 year or part-time 2 years": "on_campus",
    "on campus; public international law stream partly via edX MicroMasters": "on_campus",
    "online": "online",
    "online (edX)": "online",
    "online (per linked Purdue online engineering page)": "online",
    "online or on campus": "",
    "online or on campus; capstone on campus (weekend options)": "",
    "online with 1 required on-campus course": "blended",
    "online with 1 required on-campus course (weekend options)": "blended",
    "online with a three-week on-campus precapstone": "blended",
    "residential, full time (incl. three weeks at MIT)": "on_campus",
}

# Pathway tuition lists that belong to another degree than the pathway's.
FOREIGN_TUITION_KEYS = {
    # HKUST pathway: the MSc IT fees belong to hkust-msc-information-technology
    # (which has the same figures from its own benchmark).
    (
        "hkustx-big-data-technology--hkust--msc-in-big-data-technology-bdt-and-msc-in-information-techno",
        "msc_it_program_fee",
    ),
}

# What a tuition figure is per. Matched against the figure's own name (the
# pathway's list name or the benchmark's basis) and, only when that says
# nothing, against its note. First match wins; no match = "context".
# "total"/"per_credit"/"per_term"/"per_year" can be shown as the tuition;
# "per_course" cannot (the format has no per-course unit) and "context" is
# never the tuition; both are kept in tuition_note. "skip" is left out.
TUITION_RULES = [
    ("skip", r"micromasters credential"),  # the program's own price, not tuition
    (
        "context",
        r"remaining after|blended path cost|saving|comparison"
        r"|what .* pay|value of .* credits|incl\.? [^;]*living|total cost"
        r"|budget|educational expenses|course unit incl\.|living expenses",
    ),
    (
        "total",
        r"full[ _]degree|full[ _]residential|full tuition|total tuition"
        r"|total degree cost|approximate total|full cost|program(me)?[ _]fee"
        r"|two[- _]year[ _]tuition|sum of|\d+ points x|\d+-month (option|tuition)"
        r"|summer \+ academic year",
    ),
    ("per_credit", r"per[ _](credit|point)|additional[ _]credit[ _]hour"),
    ("per_course", r"per[ _]course"),
    ("per_term", r"semester|\bterm\b|\bsummer\b"),
    ("per_year", r"annual|per year|in-state graduate tuition"),
]
TUITION_PREFERENCE = ["total", "per_credit", "per_term", "per_year"]


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def money(amount, record_id: str = "") -> str | None:
    """Money as the format wants it: a string with two decimals."""
    if amount is None:
        return None
    value = Decimal(str(amount))
    if value < 0:
        raise CatalogError(f"{record_id}: negative amount {value}")
    return str(value.quantize(Decimal("0.01")))


def decimal_text(value) -> str | None:
    """A decimal (credits, counts, shares) as a plain string without exponent."""
    if value is None:
        return None
    return format(Decimal(str(value)).normalize(), "f")


def money_text(amount, currency: str) -> str:
    value = Decimal(str(amount))
    if value == value.to_integral_value():
        return f"{currency} {int(value):,}"
    return f"{currency} {value:,.2f}"


def year_text(year) -> str:
    return str(year) if year is not None else "undated"


def join_text(*parts) -> str:
    """Join non-empty text parts into sentences."""
    out = []
    for part in parts:
        part = (part or "").strip()
        if part:
            out.append(part if part.endswith((".", "!", "?", ".)")) else part + ".")
    return " ".join(out)


def range_pair(low, high, record_id: str, what: str):
    """Return (min, max) or (None, None) with a note when only one end is stated.

    The format wants both null or min <= max; a one-sided bound ("within 12
    months") cannot be represented, so it goes into the notes instead.
    """
    if low is None and high is None:
        return None, None, ""
    if low is None or high is None:
        bound = f"at most {high}" if low is None else f"at least {low}"
        return None, None, f"{what}: {bound} (only one bound stated)"
    if low > high:
        raise CatalogError(f"{record_id}: {what} min {low} > max {high}")
    return low, high, ""


def newest_year(*years):
    dated = [y for y in years if y is not None]
    return max(dated) if dated else None


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def load_json(path: Path) -> dict:
    # parse_float=Decimal keeps 985.5 or 33.3 exact.
    with path.open(encoding="utf-8") as handle:
        return json.load(handle, parse_float=Decimal)


def load_data(data_dir: Path) -> tuple[dict, dict]:
    programs = load_json(data_dir / "micromasters_programs.json")
    benchmarks = load_json(data_dir / "degree_benchmarks.json")
    return programs, benchmarks


def verified_on(dataset: dict) -> str:
    return date.fromisoformat(dataset["generated_on"]).isoformat()


# --------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------


def build_sources(programs_data: dict, bench_data: dict) -> dict:
    """All sources of both files, deduplicated by id (same id must mean same source)."""
    raw = {}
    for source in programs_data["sources"] + bench_data["sources"]:
        known = raw.get(source["id"])
        if known is not None and known != source:
            raise CatalogError(f"source {source['id']}: two different records with this id")
        raw[source["id"]] = source
    return raw


def source_record(source: dict) -> dict:
    url = source["url"] or ""
    record = {
        "key": source["id"],
        "url": url,
        # How to find a source found without a URL (a file seen through a code
        # index, "repository not disclosed"); the format wants "" beside a URL.
        "locator": "" if url else source.get("locator") or "",
        "title": source["title"],
    }
    if source.get("publisher"):
        record["publisher"] = source["publisher"]
    record["year"] = source["year"]
    if source.get("type"):
        record["kind"] = source["type"]
    return record


def page_url(spec, raw_sources: dict, record_id: str) -> str:
    """The url of a record's own page, taken from a source of the data."""
    if spec is None:
        return ""
    if isinstance(spec, tuple):
        source_id, url = spec
        source = raw_sources[source_id]
        if url not in (source.get("locator") or "") and url != source.get("url"):
            raise CatalogError(f"{record_id}: {url} is not quoted by {source_id}")
        return url
    source = raw_sources.get(spec)
    if source is None or not source.get("url"):
        raise CatalogError(f"{record_id}: page source {spec} missing or without url")
    return source["url"]


# --------------------------------------------------------------------------
# Universities and fields
# --------------------------------------------------------------------------


def build_universities(programs_data: dict, bench_data: dict) -> tuple[dict, dict]:
    """University records, plus the benchmark institution name -> slug map."""
    universities = {}
    by_name = {}
    for uni in programs_data["universities"]:
        universities[uni["id"]] = {
            "slug": uni["id"],
            "name": uni["name"],
            "short_name": uni["edx_org"] or "",
            "country": uni["country"],
            "website": "",  # no home pages in the data
        }
        by_name[uni["name"]] = uni["id"]
    institution_slugs = {}
    for bench in bench_data["degree_benchmarks"]:
        if bench["id"] in SKIPPED_BENCHMARKS:
            continue
        name = bench["institution"]
        slug = INSTITUTION_ALIASES.get(name) or by_name.get(name)
        if slug is None:
            # A benchmark-only institution: name and country as the benchmark gives them.
            slug = slugify(name)
            if not bench.get("country"):
                raise CatalogError(f"benchmark {bench['id']}: new institution without country")
            universities.setdefault(
                slug,
                {
                    "slug": slug,
                    "name": name,
                    "short_name": "",
                    "country": bench["country"],
                    "website": "",
                },
            )
        if slug not in universities:
            raise CatalogError(f"benchmark {bench['id']}: alias points to unknown {slug}")
        institution_slugs[name] = slug
    return universities, institution_slugs


def program_field(program: dict) -> str:
    try:
        return SUBJECT_FIELDS[program["subject"]]
    except KeyError:
        raise CatalogError(
            f"{program['id']}: subject {program['subject']!r} has no entry in SUBJECT_FIELDS"
        ) from None


# --------------------------------------------------------------------------
# Programs
# --------------------------------------------------------------------------


def program_status(text: str | None) -> str:
    text = (text or "").lower()
    if text.startswith("active"):
        return "active"
    if text.startswith(("retired", "discontinued")):
        return "retired"
    return "unknown"


def pacing_kind(text: str | None, record_id: str) -> str:
    if not text:
        return ""
    lowered = text.lower()
    for prefix, kind in (
        ("self-paced", "self_paced"),
        ("instructor-paced", "instructor_led"),
        ("mixed", "mixed"),
    ):
        if lowered.startswith(prefix):
            return kind
    raise CatalogError(f"{record_id}: pacing {text!r} not understood")


def usd(money_obj: dict | None, record_id: str):
    """(amount string, year) of a USD money object, or (None, None)."""
    if not money_obj or money_obj.get("amount") is None:
        return None, None
    if money_obj["currency"] != "USD":
        raise CatalogError(f"{record_id}: program price not in USD")
    return money(money_obj["amount"], record_id), money_obj.get("year")


def program_summary(program: dict, university_name: str) -> str:
    count = program["num_courses"]
    if count:
        text = f"A MicroMasters program of {count} courses in {program['subject']} from {university_name}."
    else:
        text = (
            f"A MicroMasters program in {program['subject']} from {university_name}; "
            "the number of courses was not published."
        )
    if program.get("launch_year"):
        text += f" First offered in {program['launch_year']}."
    return text


def nested_sources(value) -> set:
    """Source ids cited anywhere inside a record (money, duration, courses...)."""
    found = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found |= set(item) if key == "sources" else nested_sources(item)
    elif isinstance(value, list):
        for item in value:
            found |= nested_sources(item)
    return found


def program_caveat(program: dict, courses: list[dict], raw_sources: dict) -> str:
    """The caveat; a low-confidence program without one in PROGRAM_CAVEATS is an error."""
    own = {k: v for k, v in program.items() if k != "sources"}  # sources = union incl. pathways
    cited = nested_sources(own) | nested_sources(courses)
    texts = [json.dumps(own, default=str), json.dumps(courses)] + [
        raw_sources[s].get("note") or "" for s in cited
    ]
    low = program["data_quality"].startswith("low") or any(LOW_CONFIDENCE.search(t) for t in texts)
    if program["id"] in PROGRAM_CAVEATS:
        return PROGRAM_CAVEATS[program["id"]]
    if low:
        raise CatalogError(f"{program['id']}: low-confidence program needs a caveat")
    return THIN_CAVEAT if program["data_quality"] == "thin" else ""


def price_notes(program: dict) -> list[str]:
    """Price facts the format has no field for, as labelled text."""
    price = program["price"]
    notes = []
    low, high = price.get("per_course_min"), price.get("per_course_max")
    if low and not price.get("income_based_pricing"):
        # A per-course price is only kept on course records when it is stated
        # for every course; the program-level statement is kept here.
        span = money_text(low["amount"], low["currency"])
        if high and high["amount"] != low["amount"]:
            span += " to " + money_text(high["amount"], high["currency"])
        notes.append(
            f"Per-course price: {span} ({year_text(low.get('year'))})"
            + (f"; {low['note']}" if low.get("note") else "")
        )
    total = price.get("total_program")
    if total and total.get("note"):
        notes.append(
            f"Program price {money_text(total['amount'], total['currency'])} "
            f"({year_text(total.get('year'))}): {total['note']}"
        )
    if price.get("notes"):
        notes.append(f"Price: {price['notes']}")
    if price.get("financial_aid"):
        notes.append(f"Financial aid: {price['financial_aid']}")
    return notes


def program_notes(program: dict, extra: list[str]) -> str:
    """Context and conflicts kept from the sources, one labelled line each."""
    parts = [program.get("notes") or ""]
    parts += price_notes(program)
    if program["duration"].get("notes"):
        parts.append(f"Duration: {program['duration']['notes']}")
    if program["effort"].get("notes"):
        parts.append(f"Effort: {program['effort']['notes']}")
    if program.get("tracks"):
        parts.append(f"Tracks: {program['tracks']}")
    if program.get("proctored_exams"):
        parts.append(f"Exams: {program['proctored_exams']}")
    if program.get("other_benefits"):
        parts.append(f"Other benefits: {program['other_benefits']}")
    for endorsement in program.get("industry_endorsements") or []:
        parts.append(f"Industry endorsement: {endorsement['name']} - {endorsement['detail']}")
    for stat in program.get("outcomes_and_stats") or []:
        detail = f"; {stat['detail']}" if stat.get("detail") else ""
        parts.append(
            f"Reported figure ({year_text(stat.get('year'))}): {stat['metric']}: {stat['value']}{detail}"
        )
    parts += extra
    return "\n".join(join_text(p) for p in parts if p)


def build_course(course: dict, program: dict, positions: dict) -> dict:
    record_id = course["id"]
    kind = ROLE_KINDS.get(course["role"])
    if kind is None:
        raise CatalogError(f"{record_id}: role {course['role']!r} not in ROLE_KINDS")
    notes = []
    if course.get("notes"):
        notes.append(course["notes"])
    if course.get("pacing"):
        notes.append(f"Pacing: {course['pacing']}")

    weeks = course.get("weeks")
    duration = program["duration"]
    if (
        weeks is None
        and kind != "exam"
        and duration["weeks_per_course_min"] is not None
        and duration["weeks_per_course_min"] == duration["weeks_per_course_max"]
    ):
        # The program states one length for every course (min == max), so it
        # applies to this course too.
        weeks = duration["weeks_per_course_min"]
        notes.append(f"{weeks} weeks is the program-wide figure per course")

    price, price_year = usd(course.get("verified_certificate_price"), record_id)
    per_min, per_max = program["price"].get("per_course_min"), program["price"].get("per_course_max")
    if (
        price is None
        and kind in ("required", "elective")
        and program["id"] in UNIFORM_COURSE_PRICE_PROGRAMS
        and per_min
        and per_max
        and per_min["amount"] == per_max["amount"]
    ):
        # The source prices every course of this program the same.
        price, price_year = usd(per_min, record_id)
        notes.append("Price is the program-wide per-course price")

    prerequisites = []
    for prereq_id in PREREQUISITES.get(record_id, []):
        if prereq_id not in positions:
            raise CatalogError(f"{record_id}: prerequisite {prereq_id} not in the program")
        prerequisites.append(positions[prereq_id])

    low, high, bound = range_pair(
        course.get("hours_per_week_min"), course.get("hours_per_week_max"), record_id, "Hours per week"
    )
    return {
        "position": course["order"],
        "code": course.get("code") or "",
        "title": course.get("title") or "",
        "kind": kind,
        "weeks": weeks,
        "effort_hours_min": low,
        "effort_hours_max": high,
        "price": price,
        "price_year": price_year,
        "prerequisites": sorted(prerequisites),
        "notes": join_text(*notes, bound),
    }


def exam_fee(program: dict, courses: list[dict]) -> tuple:
    """(fee, label, year) for a fee not sold as a course record."""
    price = program["price"]
    capstone = program.get("capstone") or {}
    fee = price.get("capstone_or_exam_fee") or capstone.get("fee")
    if (
        price.get("capstone_or_exam_fee")
        and capstone.get("fee")
        and price["capstone_or_exam_fee"]["amount"] != capstone["fee"]["amount"]
    ):
        raise CatalogError(f"{program['id']}: two different exam fees")
    amount, year = usd(fee, program["id"])
    if amount is None:
        return None, "", None
    exam_prices = [c["price"] for c in courses if c["kind"] == "exam" and c["price"]]
    if exam_prices:
        # The exam is listed as a course with its fee: never count it twice.
        if amount not in exam_prices:
            raise CatalogError(f"{program['id']}: exam course price differs from exam fee")
        return None, "", None
    return amount, capstone.get("type") or "", year


def build_program(
    program: dict, raw_courses: list[dict], universities: dict, raw_sources: dict, verified: str
) -> dict:
    record_id = program["id"]
    if len(program["university_ids"]) != 1:
        raise CatalogError(f"{record_id}: expected exactly one university")
    university = program["university_ids"][0]
    courses_raw = sorted((c for c in raw_courses if c["program_id"] == record_id), key=lambda c: c["order"])
    positions = {c["id"]: c["order"] for c in courses_raw}
    courses = [build_course(c, program, positions) for c in courses_raw]

    extra_notes = []
    effort_low, effort_high, note = range_pair(
        program["effort"]["hours_per_week_min"],
        program["effort"]["hours_per_week_max"],
        record_id,
        "Hours per week",
    )
    extra_notes.append(note)
    months_low, months_high, note = range_pair(
        program["duration"]["total_months_min"], program["duration"]["total_months_max"], record_id, "Months"
    )
    extra_notes.append(note)

    electives, electives_note = ELECTIVES_REQUIRED.get(record_id, (0, ""))
    extra_notes.append(electives_note)

    fee, fee_label, fee_year = exam_fee(program, courses)
    total, total_year = usd(program["price"].get("total_program"), record_id)

    income_min = income_max = None
    if program["price"].get("income_based_pricing"):
        # Income-based: the per-course min/max is the income range.
        income_min, _ = usd(program["price"]["per_course_min"], record_id)
        income_max, _ = usd(program["price"]["per_course_max"], record_id)

    sources = set(program["sources"])
    for course in courses_raw:
        sources.update(course["sources"])

    return {
        "slug": record_id,
        "title": program["title"],
        "summary": program_summary(program, universities[university]["name"]),
        "university": university,
        "field": program_field(program),
        "status": program_status(program["status"]),
        "status_note": program["status"] or "",
        "pacing": pacing_kind(program.get("pacing"), record_id),
        "pacing_note": program.get("pacing") or "",
        "effort_hours_min": effort_low,
        "effort_hours_max": effort_high,
        "months_min": months_low,
        "months_max": months_high,
        "currency": program.get("currency") or "USD",
        "course_count": program["num_courses"],
        "electives_required": electives,
        "exam_fee": fee,
        "exam_fee_label": fee_label,
        "exam_fee_year": fee_year,
        "published_total": total,
        "published_total_year": total_year,
        "income_price_min": income_min,
        "income_price_max": income_max,
        "notes": program_notes(program, extra_notes),
        "courses": courses,
        # Key order as export_catalog writes it, so import -> export gives this file back.
        "url": page_url(PROGRAM_PAGES.get(record_id), raw_sources, record_id),
        "sources": sorted(sources),
        "verified_on": verified,
        "facts_year": program.get("as_of"),
        "caveat": program_caveat(program, courses_raw, raw_sources),
    }


# --------------------------------------------------------------------------
# Degrees
# --------------------------------------------------------------------------

# A bound ("under US$25,000") is not an amount, whatever list it is in.
NOT_AN_AMOUNT = re.compile(r"upper bound|not an exact", re.I)


def classify_tuition(name: str, note: str | None) -> str:
    if NOT_AN_AMOUNT.search(f"{name} {note or ''}"):
        return "context"
    for text in (name, note or ""):
        lowered = text.lower()
        for kind, pattern in TUITION_RULES:
            if re.search(pattern, lowered):
                return kind
    return "context"


def tuition_figure(item: dict, name: str) -> dict:
    label = name + (f"; {item['note']}" if item.get("note") else "")
    return dict(item, label=label, kind=classify_tuition(name, item.get("note")))


def pathway_figures(pathway: dict) -> list[dict]:
    """Tuition figures of a pathway's degree_tuition, with a label each."""
    tuition = pathway.get("degree_tuition") or {}
    return [
        tuition_figure(item, key.replace("_", " "))
        for key, items in tuition.items()
        if key != "note" and (pathway["id"], key) not in FOREIGN_TUITION_KEYS
        for item in items
    ]


def benchmark_figures(bench: dict) -> list[dict]:
    return [tuition_figure(item, item["basis"]) for item in bench.get("cost_figures") or []]


def merge_figures(groups: list[list[dict]]) -> list[dict]:
    """Combine the figure lists of several records about one degree.

    The same figure often appears in a pathway and in a benchmark (or in seven
    RIT pathways). A figure of a later record is merged into at most one equal
    figure (amount, currency, year) of an earlier record; equal figures within
    one record (MIT MEng: Fall and Spring both $29,875) stay separate.
    """
    merged = []
    for group_index, group in enumerate(groups):
        taken = set()  # merged entries this record already matched
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
                # The other record says what the figure is per; keep its label.
                known["kind"], known["label"] = figure["kind"], figure["label"]
    return merged


def pick_tuition(figures: list[dict]):
    """The figure shown as the degree's tuition: by unit preference, then newest."""
    for kind in TUITION_PREFERENCE:
        candidates = [f for f in figures if f["kind"] == kind and f["amount"] is not None]
        if candidates:
            # Most recent dated figure wins; several in that year: the first
            # listed (the data lists the standard / resident / EU rate first).
            newest = newest_year(*(f.get("year") for f in candidates))
            return next(f for f in candidates if f.get("year") == newest)
    return None


def figure_text(figure: dict) -> str:
    if figure["amount"] is None:
        return f"no amount ({year_text(figure.get('year'))}): {figure['label']}"
    derived = "; computed by the data set from sourced figures" if figure.get("derived") else ""
    return (
        f"{money_text(figure['amount'], figure['currency'])} "
        f"({year_text(figure.get('year'))}): {figure['label']}{derived}"
    )


def tuition_count(kind: str, credits, months_low, months_high):
    if kind == "per_credit":
        return credits  # null when the degree's credits are unknown
    if kind == "per_year" and months_low and months_low == months_high and months_low % 12 == 0:
        # The degree's stated length is a whole number of years.
        return Decimal(months_low // 12)
    return None


def first_value(values, record_id: str, what: str):
    """The one value several records give for a fact; differing values are an error."""
    found = [v for v in values if v is not None]
    if len({str(v) for v in found}) > 1:
        raise CatalogError(f"degree {record_id}: conflicting {what}: {found}")
    return found[0] if found else None


def merged_months(records, record_id: str):
    """Union of the stated length ranges (e.g. 16-20 and 12-20 give 12-20)."""
    lows, highs = [], []
    for low, high in records:
        low, high, note = range_pair(low, high, record_id, "Months")
        if note:
            raise CatalogError(f"degree {record_id}: one-sided length")
        if low is not None:
            lows.append(low)
            highs.append(high)
    return (min(lows), max(highs)) if lows else (None, None)


def benchmark_uses(bench_id: str) -> int:
    """How many degrees of DEGREES a benchmark describes."""
    return sum(bench_id in spec.get("benchmarks", []) for spec in DEGREES.values())


def degree_field(slug: str, title: str, related_programs: list[dict]) -> str | None:
    if slug in DEGREE_FIELD_NOT_OBVIOUS or title == UNNAMED_DEGREE_TITLE or not related_programs:
        return None
    fields = {program_field(p) for p in related_programs}
    return fields.pop() if len(fields) == 1 else None


def degree_tuition(figures: list[dict], credits, months_low, months_high, extra_notes: list[str]) -> dict:
    """The tuition fields of a degree: the chosen figure plus a note with the rest."""
    chosen = pick_tuition(figures)
    notes = []
    if chosen:
        derived = "; computed by the data set from sourced figures" if chosen.get("derived") else ""
        notes.append(f"Shown: {chosen['label']}{derived}")
    others = sorted(
        (f for f in figures if f is not chosen), key=lambda f: -(f.get("year") or 0)
    )  # newest first, undated last
    if others:
        notes.append("Other figures: " + "; ".join(figure_text(f) for f in others))
    for text in extra_notes:
        if text and text not in notes:
            notes.append(text)
    if chosen is None:
        return {
            "tuition_amount": None,
            "tuition_currency": "",
            "tuition_unit": "",
            "tuition_count": None,
            "tuition_year": None,
            "tuition_note": join_text(*notes),
        }
    return {
        "tuition_amount": money(chosen["amount"]),
        "tuition_currency": chosen["currency"],
        "tuition_unit": chosen["kind"],
        "tuition_count": decimal_text(tuition_count(chosen["kind"], credits, months_low, months_high)),
        "tuition_year": chosen.get("year"),
        "tuition_note": join_text(*notes),
    }


def degree_sources(pathways: list[dict], benches: list[dict], figures: list[dict]) -> set:
    sources = set()
    for record in pathways:
        sources.update(record["sources"])
    for bench in benches:
        # A benchmark describing several degrees (the HES "ALM" fields) cites
        # pages of all of them; only its figures' sources belong to this one.
        if benchmark_uses(bench["id"]) == 1:
            sources.update(bench["sources"])
    for figure in figures:
        sources.update(figure["sources"])
    return sources


def build_degree(
    slug: str,
    spec: dict,
    pathways: list[dict],
    benches: list[dict],
    programs_by_id: dict,
    institution_slugs: dict,
    raw_sources: dict,
    verified_dates: list[str],
) -> dict:
    universities = {p["institution_id"] for p in pathways}
    universities |= {institution_slugs[b["institution"]] for b in benches}
    if len(universities) != 1:
        raise CatalogError(f"degree {slug}: records name {sorted(universities)}")

    # Pathways first: they describe the degree as MicroMasters holders take it.
    format_note = next(
        (t for t in [p.get("degree_modality") for p in pathways] + [b.get("modality") for b in benches] if t),
        "",
    )
    if format_note and format_note not in FORMAT_BY_MODALITY:
        raise CatalogError(f"degree {slug}: modality {format_note!r} not in FORMAT_BY_MODALITY")

    credits = first_value(
        [p.get("degree_total_credits") for p in pathways] + [b.get("total_credits") for b in benches],
        slug,
        "total credits",
    )
    credit_unit = next(
        (
            u
            for u in [p.get("degree_credit_unit") for p in pathways] + [b.get("credit_unit") for b in benches]
            if u
        ),
        "",
    )
    months_low, months_high = merged_months(
        [(p.get("degree_length_months_min"), p.get("degree_length_months_max")) for p in pathways]
        + [(b.get("length_months_min"), b.get("length_months_max")) for b in benches],
        slug,
    )

    figures = merge_figures([pathway_figures(p) for p in pathways] + [benchmark_figures(b) for b in benches])
    tuition = degree_tuition(
        figures,
        credits,
        months_low,
        months_high,
        [(p.get("degree_tuition") or {}).get("note") for p in pathways] + [b.get("notes") for b in benches],
    )
    sources = degree_sources(pathways, benches, figures)
    # facts_year: the newest dated figure; without figures, the newest source.
    facts_year = newest_year(*(f.get("year") for f in figures)) or newest_year(
        *(raw_sources[s]["year"] for s in sources)
    )

    related = [programs_by_id[p["program_id"]] for p in pathways] or [
        programs_by_id[i] for b in benches for i in b["related_program_ids"]
    ]
    caveat = DEGREE_CAVEATS.get(slug, "")
    if spec["title"] == UNNAMED_DEGREE_TITLE:
        caveat = join_text(caveat, "The source names only the university, not the degree")

    return {
        "slug": slug,
        "title": spec["title"],
        "university": universities.pop(),
        "field": degree_field(slug, spec["title"], related),
        "format": FORMAT_BY_MODALITY.get(format_note, ""),
        "format_note": format_note,
        **tuition,
        "credits_total": decimal_text(credits),
        "credit_unit": credit_unit,
        "months_min": months_low,
        "months_max": months_high,
        "url": page_url(DEGREE_PAGES.get(slug), raw_sources, slug),
        "sources": sorted(sources),
        "verified_on": min(verified_dates),
        "facts_year": facts_year,
        "caveat": caveat,
    }


def build_degrees(
    programs_data: dict, bench_data: dict, institution_slugs: dict, raw_sources: dict
) -> tuple[list, dict]:
    """Degree records, and the pathway id -> degree slug map."""
    pathways_by_id = {p["id"]: p for p in programs_data["pathways"]}
    benches_by_id = {b["id"]: b for b in bench_data["degree_benchmarks"]}
    programs_by_id = {p["id"]: p for p in programs_data["programs"]}

    # Every pathway in exactly one degree; every benchmark used or skipped on purpose.
    pathway_degree = {}
    used_benches = set()
    for slug, spec in DEGREES.items():
        for pathway_id in spec.get("pathways", []):
            if pathway_id not in pathways_by_id:
                raise CatalogError(f"degree {slug}: unknown pathway {pathway_id}")
            if pathway_id in pathway_degree:
                raise CatalogError(f"pathway {pathway_id}: listed under two degrees")
            pathway_degree[pathway_id] = slug
        for bench_id in spec.get("benchmarks", []):
            if bench_id not in benches_by_id:
                raise CatalogError(f"degree {slug}: unknown benchmark {bench_id}")
            used_benches.add(bench_id)
    missing = set(pathways_by_id) - set(pathway_degree)
    if missing:
        raise CatalogError(f"pathways without a degree in DEGREES: {sorted(missing)}")
    unplaced = set(benches_by_id) - used_benches - set(SKIPPED_BENCHMARKS)
    if unplaced:
        raise CatalogError(f"benchmarks not in DEGREES or SKIPPED_BENCHMARKS: {sorted(unplaced)}")

    degrees = []
    for slug, spec in DEGREES.items():
        pathways = [pathways_by_id[i] for i in spec.get("pathways", [])]
        benches = [benches_by_id[i] for i in spec.get("benchmarks", [])]
        dates = ([verified_on(programs_data)] if pathways else []) + (
            [verified_on(bench_data)] if benches else []
        )
        degrees.append(
            build_degree(slug, spec, pathways, benches, programs_by_id, institution_slugs, raw_sources, dates)
        )
    return degrees, pathway_degree


# --------------------------------------------------------------------------
# Pathways
# --------------------------------------------------------------------------


def strip_parenthetical(text: str | None) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text or "").strip()


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
    required = pathway.get("degree_total_credits") if granted is not None else None
    if granted is not None and required is not None and not 0 < granted <= required:
        raise CatalogError(f"pathway {record_id}: {granted} of {required} credits")
    if required is not None:
        unit = strip_parenthetical(pathway.get("degree_credit_unit")) or strip_parenthetical(
            credit.get("unit")
        )
    else:
        unit = strip_parenthetical(credit.get("unit"))

    share_min = share_fraction(credit.get("share_percent_min"), record_id)
    share_max = share_fraction(credit.get("share_percent_max"), record_id)
    if (share_min is None) != (share_max is None) or (
        share_min is not None and Decimal(share_min) > Decimal(share_max)
    ):
        raise CatalogError(f"pathway {record_id}: bad share range")
    if granted is not None and required is not None and share_min is not None:
        # The share is then computed from the credits (the data's own share is
        # a rounded derivation, e.g. 33.3% for 16 of 48); it must agree.
        exact = Decimal(str(granted)) / Decimal(str(required))
        if abs(exact - Decimal(share_min)) > Decimal("0.001") or share_min != share_max:
            raise CatalogError(f"pathway {record_id}: share disagrees with credits")
        share_min = share_max = None

    conditions = [pathway.get("notes") or ""]
    name = pathway.get("degree_name")
    if name and strip_parenthetical(name) != strip_parenthetical(degree["title"]):
        conditions.append(f"Degree as named by the source: {name}")
    modality = pathway.get("degree_modality")
    if modality and modality != degree["format_note"]:
        conditions.append(f"Format described for this pathway: {modality}")

    caveat = PATHWAY_CAVEATS.get(record_id, "")
    flagged = [pathway.get("notes"), credit.get("share_of_degree_text")] + [
        raw_sources[s].get("note") for s in pathway["sources"]
    ]
    if not caveat and any(t and LOW_CONFIDENCE.search(t) for t in flagged):
        raise CatalogError(f"pathway {record_id}: low-confidence facts need a caveat")

    years = [raw_sources[s]["year"] for s in pathway["sources"]]
    return {
        "slug": f"{pathway['program_id']}--{degree['slug']}",
        "program": pathway["program_id"],
        "degree": degree["slug"],
        "credits_granted": decimal_text(granted),
        "credits_required": decimal_text(required),
        "credit_unit": unit,
        "share_min": share_min,
        "share_max": share_max,
        "share_text": credit.get("share_of_degree_text") or "",
        "conditions": join_text(*conditions),
        # The data states no pathway's current availability.
        "status": "unknown",
        "url": page_url(PATHWAY_PAGES.get(record_id), raw_sources, record_id),
        "sources": sorted(set(pathway["sources"])),
        "verified_on": verified,
        "facts_year": newest_year(*years),
        "caveat": caveat,
    }


# --------------------------------------------------------------------------
# Validation against docs/catalog-format.md
# --------------------------------------------------------------------------

KEYS = {
    "source": {"key", "url", "locator", "title", "publisher", "year", "kind"},
    "source_required": {"key", "url", "locator", "title", "year"},
    "field": {"slug", "name"},
    "university": {"slug", "name", "short_name", "country", "website"},
    "degree": {
        "slug",
        "title",
        "university",
        "field",
        "format",
        "format_note",
        "tuition_amount",
        "tuition_currency",
        "tuition_unit",
        "tuition_count",
        "tuition_year",
        "tuition_note",
        "credits_total",
        "credit_unit",
        "months_min",
        "months_max",
        "url",
        "sources",
        "verified_on",
        "facts_year",
        "caveat",
    },
    "program": {
        "slug",
        "title",
        "summary",
        "university",
        "field",
        "status",
        "status_note",
        "pacing",
        "pacing_note",
        "effort_hours_min",
        "effort_hours_max",
        "months_min",
        "months_max",
        "currency",
        "course_count",
        "electives_required",
        "exam_fee",
        "exam_fee_label",
        "exam_fee_year",
        "published_total",
        "published_total_year",
        "income_price_min",
        "income_price_max",
        "url",
        "sources",
        "verified_on",
        "facts_year",
        "caveat",
        "notes",
        "courses",
    },
    "course": {
        "position",
        "code",
        "title",
        "kind",
        "weeks",
        "effort_hours_min",
        "effort_hours_max",
        "price",
        "price_year",
        "prerequisites",
        "notes",
    },
    "pathway": {
        "slug",
        "program",
        "degree",
        "credits_granted",
        "credits_required",
        "credit_unit",
        "share_min",
        "share_max",
        "share_text",
        "conditions",
        "status",
        "url",
        "sources",
        "verified_on",
        "facts_year",
        "caveat",
    },
}
MONEY = re.compile(r"^\d+\.\d{2}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
URL = re.compile(r"^https?://\S+$")
# Longest text the app stores per key (catalog/models.py); longer text would
# make the whole import fail, so it fails here first.
MAX_LENGTH = {
    "source": {"title": 500, "publisher": 200, "kind": 40},
    "degree": {"title": 250, "format_note": 250, "credit_unit": 120},
    "program": {"title": 200, "status_note": 200, "pacing_note": 200, "exam_fee_label": 200},
    "course": {"code": 40, "title": 200},
    "pathway": {"credit_unit": 120, "share_text": 250},
}


def check(condition: bool, record: str, message: str) -> None:
    if not condition:
        raise CatalogError(f"{record}: {message}")


def check_keys(record: dict, kind: str, name: str) -> None:
    allowed = KEYS[kind]
    required = KEYS.get(kind + "_required", allowed)
    check(set(record) <= allowed, name, f"unknown keys {sorted(set(record) - allowed)}")
    check(required <= set(record), name, f"missing keys {sorted(required - set(record))}")
    for key, limit in MAX_LENGTH.get(kind, {}).items():
        check(len(record.get(key) or "") <= limit, name, f"{key} longer than {limit} characters")
    for key in ("url", "website"):
        if key in record:
            check(record[key] == "" or bool(URL.match(record[key])), name, f"{key} is not a URL")


def check_money(value, name: str, what: str) -> None:
    check(
        value is None or (isinstance(value, str) and MONEY.match(value)),
        name,
        f"{what} {value!r} is not money",
    )


def check_pair(low, high, name: str, what: str) -> None:
    check((low is None) == (high is None), name, f"{what}: only one of min/max")
    if low is not None:
        check(low <= high, name, f"{what}: min > max")


def check_year(value, name: str, what: str) -> None:
    check(
        value is None or (isinstance(value, int) and 1900 < value < 2100),
        name,
        f"{what} {value!r} is not a year",
    )


def validate(catalog: dict) -> None:
    """Fail loudly on anything the catalog format forbids."""
    for key in ("sources", "fields", "universities", "degrees", "programs", "pathways"):
        sort_key = "key" if key == "sources" else "slug"
        ids = [r[sort_key] for r in catalog[key]]
        check(ids == sorted(ids), key, "not ordered by " + sort_key)
        check(len(ids) == len(set(ids)), key, "duplicate " + sort_key)
    source_keys = {s["key"] for s in catalog["sources"]}
    field_slugs = {f["slug"] for f in catalog["fields"]}
    university_slugs = {u["slug"] for u in catalog["universities"]}
    degree_slugs = {d["slug"] for d in catalog["degrees"]}
    program_slugs = {p["slug"] for p in catalog["programs"]}

    for source in catalog["sources"]:
        check_keys(source, "source", source["key"])
        check(
            bool(source["url"]) != bool(source["locator"]),
            source["key"],
            "a source needs a url, or else a locator",
        )
        check_year(source["year"], source["key"], "year")
    for field in catalog["fields"]:
        check_keys(field, "field", field["slug"])
    for uni in catalog["universities"]:
        check_keys(uni, "university", uni["slug"])
        check(bool(uni["country"]), uni["slug"], "country missing")

    def check_common(record: dict, name: str) -> None:
        for key in record["sources"]:
            check(key in source_keys, name, f"unknown source {key}")
        date.fromisoformat(record["verified_on"])
        check_year(record["facts_year"], name, "facts_year")

    for degree in catalog["degrees"]:
        name = f"degree {degree['slug']}"
        check_keys(degree, "degree", name)
        check_common(degree, name)
        check(degree["university"] in university_slugs, name, "unknown university")
        check(degree["field"] is None or degree["field"] in field_slugs, name, "unknown field")
        check(degree["format"] in ("online", "on_campus", "blended", ""), name, "bad format")
        check_money(degree["tuition_amount"], name, "tuition_amount")
        if degree["tuition_amount"] is None:
            check(
                degree["tuition_currency"] == degree["tuition_unit"] == "",
                name,
                "no tuition: currency and unit must be empty",
            )
        else:
            check(bool(CURRENCY.match(degree["tuition_currency"])), name, "bad currency")
            check(
                degree["tuition_unit"] in ("total", "per_credit", "per_term", "per_year"),
                name,
                "bad tuition_unit",
            )
        check(
            degree["tuition_unit"] != "total" or degree["tuition_count"] is None, name, "a total has no count"
        )
        check_year(degree["tuition_year"], name, "tuition_year")
        check_pair(degree["months_min"], degree["months_max"], name, "months")

    for program in catalog["programs"]:
        name = f"program {program['slug']}"
        check_keys(program, "program", name)
        check_common(program, name)
        check(program["university"] in university_slugs, name, "unknown university")
        check(program["field"] in field_slugs, name, "unknown field")
        check(program["status"] in ("active", "retired", "unknown"), name, "bad status")
        check(program["pacing"] in ("self_paced", "instructor_led", "mixed", ""), name, "bad pacing")
        check(bool(CURRENCY.match(program["currency"])), name, "bad currency")
        check_pair(program["effort_hours_min"], program["effort_hours_max"], name, "effort")
        check_pair(program["months_min"], program["months_max"], name, "months")
        check_pair(
            program["income_price_min"] and Decimal(program["income_price_min"]),
            program["income_price_max"] and Decimal(program["income_price_max"]),
            name,
            "income price",
        )
        for key in ("exam_fee", "published_total", "income_price_min", "income_price_max"):
            check_money(program[key], name, key)
        for key in ("exam_fee_year", "published_total_year"):
            check_year(program[key], name, key)
        check(
            isinstance(program["electives_required"], int) and program["electives_required"] >= 0,
            name,
            "electives_required",
        )
        positions = [c["position"] for c in program["courses"]]
        check(
            len(positions) == len(set(positions)) and all(p >= 1 for p in positions),
            name,
            "course positions must be unique and >= 1",
        )
        for course in program["courses"]:
            cname = f"{name} course {course['position']}"
            check_keys(course, "course", cname)
            check(course["kind"] in ("required", "elective", "capstone", "exam"), cname, "bad kind")
            check_money(course["price"], cname, "price")
            check_year(course["price_year"], cname, "price_year")
            check_pair(course["effort_hours_min"], course["effort_hours_max"], cname, "effort")
            for prereq in course["prerequisites"]:
                check(prereq in positions and prereq != course["position"], cname, "bad prerequisite")
        if any(c["kind"] == "exam" and c["price"] for c in program["courses"]):
            check(program["exam_fee"] is None, name, "exam fee counted twice")

    for pathway in catalog["pathways"]:
        name = f"pathway {pathway['slug']}"
        check_keys(pathway, "pathway", name)
        check_common(pathway, name)
        check(pathway["program"] in program_slugs, name, "unknown program")
        check(pathway["degree"] in degree_slugs, name, "unknown degree")
        check(pathway["slug"] == f"{pathway['program']}--{pathway['degree']}", name, "slug")
        check(pathway["status"] in ("active", "retired", "unknown"), name, "bad status")
        for key in ("share_min", "share_max"):
            if pathway[key] is not None:
                check(0 < Decimal(pathway[key]) <= 1, name, f"{key} out of range")
        check_pair(
            pathway["share_min"] and Decimal(pathway["share_min"]),
            pathway["share_max"] and Decimal(pathway["share_max"]),
            name,
            "share",
        )
        if pathway["credits_granted"] is not None and pathway["credits_required"] is not None:
            check(
                0 < Decimal(pathway["credits_granted"]) <= Decimal(pathway["credits_required"]),
                name,
                "credits granted > required",
            )


# --------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------


def build_catalog(data_dir: Path) -> dict:
    """The whole catalog as a dict, validated against the format."""
    programs_data, bench_data = load_data(data_dir)
    raw_sources = build_sources(programs_data, bench_data)

    universities, institution_slugs = build_universities(programs_data, bench_data)
    degrees, pathway_degree = build_degrees(programs_data, bench_data, institution_slugs, raw_sources)
    degrees_by_slug = {d["slug"]: d for d in degrees}

    verified = verified_on(programs_data)
    programs = [
        build_program(p, programs_data["courses"], universities, raw_sources, verified)
        for p in programs_data["programs"]
    ]
    pathways = [
        build_pathway(p, degrees_by_slug[pathway_degree[p["id"]]], raw_sources, verified)
        for p in programs_data["pathways"]
    ]

    used_fields = {p["field"] for p in programs} | {d["field"] for d in degrees if d["field"]}
    catalog = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sources": sorted((source_record(s) for s in raw_sources.values()), key=lambda s: s["key"]),
        "fields": [{"slug": slug, "name": FIELDS[slug]} for slug in sorted(used_fields)],
        "universities": sorted(universities.values(), key=lambda u: u["slug"]),
        "degrees": sorted(degrees, key=lambda d: d["slug"]),
        "programs": sorted(programs, key=lambda p: p["slug"]),
        "pathways": sorted(pathways, key=lambda p: p["slug"]),
    }
    validate(catalog)
    return catalog


def render(catalog: dict) -> str:
    return json.dumps(catalog, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="directory with the research data (default: %(default)s)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="catalog file to write (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    try:
        catalog = build_catalog(args.data)
    except CatalogError as error:
        print(f"build_catalog: {error}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(catalog), encoding="utf-8")
    counts = ", ".join(
        f"{len(catalog[k])} {k}"
        for k in ("sources", "fields", "universities", "degrees", "programs", "pathways")
    )
    print(f"wrote {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
