"""Domain normalizers: pure functions turning agency free text into comparable values.

Modules: ``text`` (repair, fold, tokens), ``names`` and ``nicknames`` (person names, nickname
table, phonetic keys), ``dates`` (partial and estimated dates), ``documents`` (identity
documents), ``sex``, ``phones``, ``addresses``, ``vins``, ``plates``, ``vehicles`` (makes,
colours, models, years) and ``firearms`` (makes, calibers, types, serials). Nothing here does
I/O; per-token functions are cached with ``functools.lru_cache``.
"""
