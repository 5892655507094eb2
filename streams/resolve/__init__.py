"""The resolution engine: canonical records in, stable fused entities out (pure Python).

Per record: ``records`` (parse, global key) -> ``features`` (normalize once, with the
``normalize`` package) -> ``blocking`` (several small keys, capped) -> ``levels`` (comparison
level per attribute) -> ``scoring`` (Fellegi-Sunter weights from ``model``/``model.json``,
``tf`` term-frequency adjustments, ``rules`` vetoes) -> ``engine.Resolver`` (attach / new /
merge with anti-chaining guards, redirects in ``clustering``). ``judgements``, ``links`` and
``explain`` keep decisions reversible and explainable; ``tune`` re-estimates m/u by EM;
``evaluate`` and ``benchmark`` score a clustering against ground truth; ``batch`` is what
``enlace resolve`` runs, with ``heap`` keeping the cyclic garbage collector off the long-lived state;
``state`` writes and reads a resolver's whole state (snapshots).

Nothing here imports Kafka, Faust or Elasticsearch (an import-linter contract holds it).
"""
