"""A seeded simulator of Belize's agencies observing one world, with ground truth.

``generate_dataset`` gives labelled canonical records for tuning and scoring the
resolver; ``scenario.simulate_events`` gives the cross-agency event stream the
producers publish. Pure: no Kafka, every draw from one ``random.Random(seed)``.
"""

from producers.simulator.dataset import Dataset, generate_dataset, write_jsonl

__all__ = ["Dataset", "generate_dataset", "write_jsonl"]
