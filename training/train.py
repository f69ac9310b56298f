"""Fine-tune the shared encoder's adapter (LoRA) and heads; write ``adapter.safetensors``.

    make train                       # = uv run --group train python -m training.train
    python -m training.train --holdout-writers r3-blind --report out.json   # a blind check

Reproducible: fixed seeds, one thread order, data read in sorted order. CI never trains.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file
from tokenizers import Tokenizer

from training.calibrate import calibrate_adapter
from training.data import (
    CATEGORY_LABELS,
    SAFETY_LABELS,
    Example,
    category_of,
    intent_examples,
    is_calibration,
    safety_examples,
)
from training.reference import main as reference_main
from training.torch_minilm import Model
from tta_agents.encoder.adapter import FORMAT, SHIPPED
from tta_agents.encoder.files import BASE, default_model_dir, verified_files

INTENT_LABELS = (
    "move", "look", "examine", "take", "drop", "use", "talk", "inventory", "help", "hint",
    "exits", "map", "rest", "exercise", "reflect", "pause", "undo", "chat", "quit", "save",
    "unknown",
)  # fmt: skip


def _batches(rows: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches of texts of similar length (little padding)."""
    rows = rows[:]
    rng.shuffle(rows)
    chunks = [
        sorted(rows[i : i + size * 20], key=lambda r: len(r.text))
        for i in range(0, len(rows), size * 20)
    ]
    batches = [chunk[i : i + size] for chunk in chunks for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


class Trainer:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        files = verified_files(Path(args.model_dir) if args.model_dir else default_model_dir())
        self.tokenizer = Tokenizer.from_file(str(files["tokenizer.json"]))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=128)
        heads = {
            "safety": len(SAFETY_LABELS),
            "intent": len(INTENT_LABELS),
            "category": len(CATEGORY_LABELS),
        }
        self.model = Model(
            str(files["model.safetensors"]), layers=args.layers, rank=args.rank, alpha=args.alpha,
            dropout=args.dropout, heads=heads,
        )  # fmt: skip

    def tensors(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        encodings = [self.tokenizer.encode(t) for t in texts]
        length = max(len(e.ids) for e in encodings)
        ids = torch.zeros(len(texts), length, dtype=torch.long)
        mask = torch.zeros(len(texts), length)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = torch.tensor(e.ids)
            mask[i, : len(e.ids)] = 1
        return ids, mask

    def fit(self, rows: list[Example]) -> None:
        a, rng = self.args, random.Random(self.args.seed)
        lora = [
            p
            for n, p in self.model.named_parameters()
            if p.requires_grad and not n.startswith("heads")
        ]
        opt = torch.optim.AdamW(
            [
                {"params": lora, "lr": a.lr},
                {"params": self.model.heads.parameters(), "lr": a.head_lr},
            ],
            weight_decay=0.01,
        )
        steps = a.epochs * math.ceil(len(rows) / a.batch)
        warm = max(1, int(0.06 * steps))
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
        )
        weights = {}
        for task, labels in (("safety", SAFETY_LABELS), ("intent", INTENT_LABELS)):
            counts = (
                np.bincount(
                    [labels.index(r.label) for r in rows if r.task == task], minlength=len(labels)
                )
                + 1
            )
            weights[task] = torch.tensor(
                (counts.sum() / (len(labels) * counts)) ** 0.5, dtype=torch.float
            )
        started = time.time()
        for epoch in range(a.epochs):
            self.model.train()
            total = 0.0
            for batch in _batches(rows, a.batch, rng):
                ids, mask = self.tensors([r.text for r in batch])
                out = self.model(ids, mask)
                loss = torch.zeros(())
                for task, labels in (("safety", SAFETY_LABELS), ("intent", INTENT_LABELS)):
                    idx = [i for i, r in enumerate(batch) if r.task == task]
                    if idx:
                        y = torch.tensor([labels.index(batch[i].label) for i in idx])
                        loss = loss + F.cross_entropy(
                            out[task][idx], y, weight=weights[task], label_smoothing=0.05
                        ) * len(idx) / len(batch)
                cats = [(i, category_of(r)) for i, r in enumerate(batch)]
                cats = [(i, c) for i, c in cats if c is not None]
                if cats:  # an auxiliary task: which kind of trouble (for resources), half weight
                    y = torch.tensor([CATEGORY_LABELS.index(c) for _, c in cats])
                    rows_ = [i for i, _ in cats]
                    loss = loss + 0.5 * F.cross_entropy(out["category"][rows_], y) * len(
                        cats
                    ) / len(batch)
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                total += loss.item() * len(batch)
            spent = time.time() - started
            print(f"epoch {epoch + 1}/{a.epochs}: loss {total / len(rows):.4f} ({spent:.0f} s)")

    @torch.no_grad()
    def probabilities(self, texts: list[str], task: str) -> np.ndarray:
        self.model.eval()
        out = []
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for i in range(0, len(order), 64):
            chunk = order[i : i + 64]
            ids, mask = self.tensors([texts[j] for j in chunk])
            out.extend(zip(chunk, self.model(ids, mask)[task].softmax(-1).numpy(), strict=True))
        return np.array([p for _, p in sorted(out, key=lambda x: x[0])])

    def export(self, path: Path, calibration: dict, data_digest: str) -> None:
        meta = {
            "format": FORMAT,
            "base": BASE.folder,
            "layers": str(self.args.layers),
            "scale": str(self.args.alpha / self.args.rank),
            "labels": json.dumps(
                {
                    "safety": list(SAFETY_LABELS),
                    "intent": list(INTENT_LABELS),
                    "category": list(CATEGORY_LABELS),
                }
            ),
            "calibration": json.dumps(calibration, sort_keys=True),
            "version": f"{time.strftime('%Y.%m.%d')}+{data_digest[:12]}",
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        save_file(
            {k: v.float() for k, v in self.model.adapter_tensors().items()},
            str(path),
            metadata=meta,
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.train")
    p.add_argument("--model-dir", default=None)
    p.add_argument("--layers", type=int, default=6)
    p.add_argument("--rank", type=int, default=16)
    p.add_argument("--alpha", type=float, default=32.0)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--head-lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--holdout-writers", default="", help="comma-separated writers kept out (a blind check)"
    )
    p.add_argument("--report", type=Path, default=None, help="write held-out probabilities here")
    p.add_argument("--out", type=Path, default=SHIPPED)
    a = p.parse_args(argv)
    torch.manual_seed(a.seed)
    torch.set_num_threads(2)
    hold = frozenset(w for w in a.holdout_writers.split(",") if w)
    safety = safety_examples()
    intents = intent_examples()
    train = [r for r in safety + intents if r.writer not in hold and not is_calibration(r)]
    play = [r for r in safety if is_calibration(r)]
    held = [r for r in safety + intents if r.writer in hold]
    digest = hashlib.sha256(
        "\n".join(f"{r.task}\t{r.label}\t{r.text}" for r in train).encode()
    ).hexdigest()
    print(
        f"training on {len(train)} lines ({sum(r.task == 'safety' for r in train)} safety), "
        f"{len(play)} play lines for calibration, {len(held)} held out; data {digest[:12]}",
        flush=True,
    )
    trainer = Trainer(a)
    trainer.fit(train)
    calibration: dict = {}
    if a.report:
        report = []
        for task in ("safety", "intent"):
            rows = [r for r in held if r.task == task]
            if rows:
                probs = trainer.probabilities([r.text for r in rows], task)
                report += [
                    {
                        "text": r.text,
                        "task": task,
                        "label": r.label,
                        "kind": r.kind,
                        "writer": r.writer,
                        "p": pr.tolist(),
                    }
                    for r, pr in zip(rows, probs, strict=True)
                ]
        a.report.write_text(json.dumps({"calibration": calibration, "rows": report}))
    if not hold:
        trainer.export(a.out, calibration, digest)
        if play:  # thresholds set by the served (numpy) encoder on held-out ordinary play
            print("calibration", calibrate_adapter(a.out, [r.text for r in play]))
        print(f"adapter written: {a.out}")
        reference_main(["--adapter", str(a.out)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
