"""The encoder of ``tta_agents.encoder.minilm`` in torch, with LoRA updates, for training only.

Computes the same function as the numpy forward (fused attention, tanh GELU, mean pooling) so
that what is trained here is exactly what is served; ``tests`` in training check the two agree.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from safetensors.torch import load_file
from torch import nn

HEADS = 12
LINEARS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trained low-rank update ``B @ A * alpha / rank``."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor, rank: int, alpha: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(weight.clone(), requires_grad=False)
        self.bias = nn.Parameter(bias.clone(), requires_grad=False)
        self.A = nn.Parameter(torch.randn(rank, weight.shape[1]) / math.sqrt(weight.shape[1]))
        self.B = nn.Parameter(torch.zeros(weight.shape[0], rank))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.linear(x, self.weight, self.bias) + (x @ self.A.t() @ self.B.t()) * self.scale


def _norm(weight: torch.Tensor, bias: torch.Tensor) -> nn.LayerNorm:
    norm = nn.LayerNorm(weight.shape[0], eps=1e-12)
    with torch.no_grad():
        norm.weight.copy_(weight)
        norm.bias.copy_(bias)
    norm.requires_grad_(False)
    return norm


class Block(nn.Module):
    def __init__(self, w: dict[str, torch.Tensor], index: int, rank: int, alpha: float) -> None:
        super().__init__()
        p = f"encoder.layer.{index}."
        self.prefix = p
        self.linears = nn.ModuleDict(
            {
                name.replace(".", "_"): LoRALinear(
                    w[f"{p}{name}.weight"], w[f"{p}{name}.bias"], rank, alpha
                )
                for name in LINEARS
            }
        )
        self.norm1 = _norm(
            w[f"{p}attention.output.LayerNorm.weight"], w[f"{p}attention.output.LayerNorm.bias"]
        )
        self.norm2 = _norm(w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"])

    def lin(self, name: str) -> LoRALinear:
        return self.linears[name.replace(".", "_")]  # type: ignore[return-value]

    def forward(self, x: torch.Tensor, blocked: torch.Tensor, drop: nn.Dropout) -> torch.Tensor:
        batch, length, hidden = x.shape
        width = hidden // HEADS

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, HEADS, width).transpose(1, 2)

        q = split(self.lin("attention.self.query")(x))
        k = split(self.lin("attention.self.key")(x))
        v = split(self.lin("attention.self.value")(x))
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(width) + blocked
        attended = (drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(batch, length, hidden)
        x = self.norm1(drop(self.lin("attention.output.dense")(attended)) + x)
        up = F.gelu(self.lin("intermediate.dense")(x), approximate="tanh")
        return self.norm2(drop(self.lin("output.dense")(up)) + x)


class Model(nn.Module):
    """MiniLM (first ``layers`` layers) with LoRA on every linear layer and one head per task."""

    def __init__(
        self,
        base: str,
        *,
        layers: int,
        rank: int,
        alpha: float,
        dropout: float,
        heads: dict[str, int],
    ) -> None:
        super().__init__()
        w = load_file(base)
        self.word = nn.Parameter(w["embeddings.word_embeddings.weight"], requires_grad=False)
        self.position = nn.Parameter(
            w["embeddings.position_embeddings.weight"], requires_grad=False
        )
        self.token_type = nn.Parameter(
            w["embeddings.token_type_embeddings.weight"][0], requires_grad=False
        )
        self.norm = _norm(w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.blocks = nn.ModuleList(Block(w, i, rank, alpha) for i in range(layers))
        self.drop = nn.Dropout(dropout)
        hidden = self.word.shape[1]
        self.heads = nn.ModuleDict({task: nn.Linear(hidden, n) for task, n in heads.items()})
        self.rank, self.alpha, self.layers = rank, alpha, layers

    def pooled(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = self.norm(self.word[ids] + self.position[: ids.shape[1]] + self.token_type)
        x = self.drop(x)
        blocked = (1.0 - mask)[:, None, None, :] * -1e9
        for block in self.blocks:
            x = block(x, blocked, self.drop)
        weights = mask[..., None]
        return (x * weights).sum(1) / weights.sum(1).clamp(min=1.0)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> dict[str, torch.Tensor]:
        pooled = self.drop(self.pooled(ids, mask))
        return {task: head(pooled) for task, head in self.heads.items()}

    def adapter_tensors(self) -> dict[str, torch.Tensor]:
        """The trained part, named as ``tta_agents.encoder.adapter`` reads it."""
        out: dict[str, torch.Tensor] = {}
        for block in self.blocks:
            for name in LINEARS:
                lin = block.lin(name)
                out[f"lora.{block.prefix}{name}.A"] = lin.A.detach().contiguous()
                out[f"lora.{block.prefix}{name}.B"] = lin.B.detach().contiguous()
        for task, head in self.heads.items():
            out[f"head.{task}.weight"] = head.weight.detach().contiguous()
            out[f"head.{task}.bias"] = head.bias.detach().contiguous()
        return out
