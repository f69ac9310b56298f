"""``LLMSecondOpinion``: an OpenAI-compatible chat model asked, in bounded time, whether a
line the learned tier was unsure about shows current risk (a synchronous httpx call: it runs
in the safety check's thread)."""

from __future__ import annotations

import httpx

from tta_agents.safety.verdict import SafetyLevel

__all__ = ["LLMSecondOpinion"]

_SYSTEM = (
    "You screen one message typed by a player of a wellbeing text adventure. Decide whether "
    "the player shows a current risk of suicide, self-harm, overdose or of being harmed or "
    "harming someone (crisis), distress without such a risk (concern), or neither (safe). "
    "Game actions, fiction and figures of speech are safe. Answer with exactly one word: "
    "crisis, concern or safe."
)
_WORDS = {"crisis": SafetyLevel.CRISIS, "concern": SafetyLevel.CONCERN, "safe": SafetyLevel.SAFE}


class LLMSecondOpinion:
    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 3.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.name = f"llm:{model}"
        self._model = model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            transport=transport,
        )

    def judge(self, text: str) -> SafetyLevel | None:
        body = {
            "model": self._model,
            "messages": [
                {"role": "system", "content": _SYSTEM},
                {"role": "user", "content": text[:2000]},
            ],
            "max_tokens": 4,
            "temperature": 0,
            "stream": False,
        }
        try:
            response = self._http.post("chat/completions", json=body)
            if response.status_code != 200:
                return None
            content = response.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError):
            return None
        words = str(content).strip().lower().split()
        return _WORDS.get(words[0].strip(".,!:;\"'")) if words else None

    def close(self) -> None:
        self._http.close()
