"""An OpenAI-compatible ``/v1/chat/completions`` client on httpx, streaming or not.

Works with Ollama, LM Studio, vLLM and OpenRouter. httpx errors are translated here, once,
into ``ProviderUnavailableError`` (transient: retried) or ``ProviderResponseError`` (not).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import httpx

from tta_agents.errors import ProviderResponseError, ProviderUnavailableError

__all__ = ["ChatCompletionsClient", "TokenCallback"]

TokenCallback = Callable[[str], Awaitable[None]]
_MAX_CHARS = 4000


class ChatCompletionsClient:
    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        max_tokens: int = 300,
        temperature: float = 0.7,
        stream: bool = True,
        timeout: float = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.model = model
        self.stream = stream
        self.max_tokens = max_tokens
        self.temperature = temperature
        host = urlsplit(base_url).netloc or base_url
        self.name = f"llm:{model}@{host}"
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/",
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    def _body(self, messages: list[dict[str, str]], stream: bool) -> dict[str, object]:
        return {
            "model": self.model,
            "messages": messages,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "stream": stream,
        }

    def _check_status(self, response: httpx.Response) -> None:
        code = response.status_code
        if code == 429 or code >= 500:
            raise ProviderUnavailableError(self.name, f"HTTP {code}")
        if code >= 400:
            raise ProviderResponseError(self.name, f"HTTP {code}")

    async def complete(
        self, messages: list[dict[str, str]], on_token: TokenCallback | None = None
    ) -> str:
        """The assistant's reply; tokens go to ``on_token`` as they arrive when streaming."""
        try:
            if self.stream:
                text = await self._stream(messages, on_token)
            else:
                text = await self._once(messages)
        except httpx.TimeoutException as exc:
            raise ProviderUnavailableError(self.name, "timed out") from exc
        except httpx.HTTPError as exc:
            raise ProviderUnavailableError(self.name, f"{exc.__class__.__name__}") from exc
        return _usable(self.name, text)

    async def _once(self, messages: list[dict[str, str]]) -> str:
        response = await self._http.post("chat/completions", json=self._body(messages, False))
        self._check_status(response)
        try:
            return str(response.json()["choices"][0]["message"]["content"])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise ProviderResponseError(self.name, "malformed completion") from exc

    async def _stream(self, messages: list[dict[str, str]], on_token: TokenCallback | None) -> str:
        parts: list[str] = []
        body = self._body(messages, True)
        async with self._http.stream("POST", "chat/completions", json=body) as response:
            self._check_status(response)
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                token = _delta(self.name, data)
                if token:
                    parts.append(token)
                    if on_token:
                        await on_token(token)
                if sum(map(len, parts)) > _MAX_CHARS:
                    raise ProviderResponseError(self.name, "completion too long")
        return "".join(parts)


def _delta(name: str, data: str) -> str:
    try:
        choice = json.loads(data)["choices"][0]
        return str(choice.get("delta", {}).get("content") or "")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise ProviderResponseError(name, "malformed stream chunk") from exc


def _usable(name: str, text: str) -> str:
    """Reject empty, runaway or non-prose answers (JSON, markup) as junk."""
    stripped = text.strip()
    if not stripped:
        raise ProviderResponseError(name, "empty completion")
    if len(stripped) > _MAX_CHARS:
        raise ProviderResponseError(name, "completion too long")
    if stripped[0] in "{[<":
        raise ProviderResponseError(name, "completion is not prose")
    return stripped
