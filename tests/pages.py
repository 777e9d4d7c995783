"""Every page type the quality gates check (axe-core, the Nu HTML Checker), with the real catalog loaded.

One (name, path) pair per page; the name names the failure. Paths only: no database work here, the
tests load `fixtures/catalog.json` through the `real_catalog` fixture before fetching.
"""

PAGES = [
    ("home", "/"),
    ("programs", "/programs/"),
    ("programs filtered", "/programs/?university=mit&price_max=2000&sort=price"),
    ("programs no match", "/programs/?q=no-program-has-this-name&credit=on"),
    ("programs form with errors", "/programs/?price_max=abc"),
    ("program", "/programs/mitx-supply-chain-management/"),
    ("program without a price", "/programs/pennx-robotics/"),
    ("universities", "/universities/"),
    ("university", "/universities/mit/"),
    ("fields", "/fields/"),
    ("field", "/fields/data-science/"),
    ("degrees", "/degrees/"),
    ("degrees filtered", "/degrees/?field=business&format=online&credit=on"),
    ("degree", "/degrees/rit-ms-professional-studies/"),
    ("degree in euros", "/degrees/zlc-zlog/"),
    ("compare", "/compare/?programs=mitx-supply-chain-management&programs=mitx-finance"),
    ("compare empty", "/compare/"),
    ("advisor form", "/advisor/"),
    (
        "advisor result",
        "/advisor/result/?goal=degree&budget=5000&hours_per_week=10&months=24&has_bachelors=yes&needs_degree=yes",
    ),
    (
        "advisor form with errors",
        "/advisor/result/?goal=degree&budget=abc&hours_per_week=10&months=24&has_bachelors=yes",
    ),
    ("advisor method", "/advisor/method/"),
    ("use the data", "/data/"),
    ("not found", "/no-such-page/"),
]
