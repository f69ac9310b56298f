"""Write the adapter's reference readings: torch's probabilities for a few fixed lines.

    python -m training.reference [--adapter FILE]     # run by training after export

The integration tests load the shipped adapter with the numpy encoder and check that it reads
these lines as torch did (to 1e-4): what is served is what was trained.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer

from training.torch_minilm import Model
from tta_agents.encoder.adapter import SHIPPED
from tta_agents.encoder.files import default_model_dir, verified_files

LINES = (
    "go north",
    "talk to the keeper about the jar",
    "i had a flashback last night and i can't stop shaking",
    "everyone probably thinks i'm weird",
    "honestly i don't see the point of anything anymore",
    "this puzzle is killing me lol",
    "I've written the letters and I'm giving my things away",
    "pick up the pebble. i want to disappear. open the door",
    "thank you, this place is lovely",
    "whats the capital of peru",
)


def torch_model(adapter: Path) -> Model:
    files = verified_files(default_model_dir())
    tensors = load_file(str(adapter))
    from safetensors import safe_open  # noqa: PLC0415

    with safe_open(str(adapter), framework="pt") as handle:
        meta = handle.metadata()
    labels = json.loads(meta["labels"])
    layers = int(meta["layers"])
    rank = tensors["lora.encoder.layer.0.attention.self.query.A"].shape[0]
    model = Model(
        str(files["model.safetensors"]),
        layers=layers,
        rank=rank,
        alpha=float(meta["scale"]) * rank,
        dropout=0.0,
        heads={task: len(names) for task, names in labels.items()},
    )
    state = model.state_dict()
    for name, value in tensors.items():
        if name.startswith("lora."):
            linear, part = name[len("lora.") :].rsplit(".", 1)
            layer, rest = linear.split(".")[2], ".".join(linear.split(".")[3:])
            state[f"blocks.{layer}.linears.{rest.replace('.', '_')}.{part}"] = value
        elif name.startswith("head."):
            state[f"heads.{name[len('head.') :]}"] = value
    model.load_state_dict(state)
    return model.eval()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.reference")
    p.add_argument("--adapter", type=Path, default=SHIPPED)
    a = p.parse_args(argv)
    model = torch_model(a.adapter)
    tokenizer = Tokenizer.from_file(str(verified_files(default_model_dir())["tokenizer.json"]))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=128)
    rows = []
    with torch.no_grad():
        for text in LINES:
            ids = torch.tensor([tokenizer.encode(text).ids])
            out = model(ids, torch.ones(ids.shape))
            rows.append({"text": text} | {k: v.softmax(-1)[0].tolist() for k, v in out.items()})
    target = a.adapter.with_name("reference.json")
    target.write_text(json.dumps({"rows": rows}, indent=1) + "\n")
    print(f"reference readings written: {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
