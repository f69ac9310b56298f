import asyncio

from tta_agents.realtime import Envelope, HeartbeatEvent, NarrativeChunkEvent, TurnProgressEvent
from tta_agents.realtime.send_queue import PutOutcome, SendQueue


def progress(session: str, step: str) -> Envelope:
    return Envelope.of(TurnProgressEvent(session_id=session, step=step, phase="started"))


def chunk(text: str) -> Envelope:
    return Envelope.of(NarrativeChunkEvent(session_id="s", text=text))


def drain(queue: SendQueue) -> list[Envelope]:
    async def take() -> list[Envelope]:
        return [await queue.get() for _ in range(len(queue))]

    return asyncio.run(take())


def test_a_queue_with_room_keeps_everything_in_order() -> None:
    queue = SendQueue(3)
    items = [chunk("a"), progress("s", "ipa"), chunk("b")]
    assert [queue.put(item).outcome for item in items] == [PutOutcome.QUEUED] * 3
    assert drain(queue) == items
    assert queue.high_water == 3


def test_a_full_queue_coalesces_progress_of_the_same_session() -> None:
    queue = SendQueue(2)
    first, text, newer = progress("s", "ipa"), chunk("a"), progress("s", "nga")
    queue.put(first)
    queue.put(text)
    result = queue.put(newer)
    assert (result.outcome, result.victim) == (PutOutcome.COALESCED, first)
    assert drain(queue) == [text, newer]


def test_a_full_queue_drops_progress_it_cannot_coalesce() -> None:
    queue = SendQueue(2)
    queue.put(chunk("a"))
    queue.put(progress("other", "ipa"))
    late = progress("s", "ipa")
    assert queue.put(late).outcome is PutOutcome.DROPPED
    heartbeat = Envelope.of(HeartbeatEvent())
    queue.put(chunk("b"))  # evicts the progress event
    assert queue.put(heartbeat).outcome is PutOutcome.DROPPED


def test_an_essential_event_evicts_the_oldest_non_essential_one() -> None:
    queue = SendQueue(2)
    stale = progress("s", "ipa")
    queue.put(stale)
    queue.put(chunk("a"))
    result = queue.put(chunk("b"))
    assert (result.outcome, result.victim) == (PutOutcome.QUEUED, stale)
    assert [e.event.text for e in drain(queue)] == ["a", "b"]  # type: ignore[union-attr]


def test_an_essential_event_that_cannot_fit_overflows() -> None:
    queue = SendQueue(1)
    queue.put(chunk("a"))
    assert queue.put(chunk("b")).outcome is PutOutcome.OVERFLOW
    assert len(queue) == 1


def test_get_waits_for_a_put_and_wait_for_room_for_a_get() -> None:
    async def scenario() -> list[str]:
        queue = SendQueue(1)
        order: list[str] = []

        async def consumer() -> None:
            envelope = await queue.get()
            order.append(envelope.event.text)  # type: ignore[union-attr]

        task = asyncio.create_task(consumer())
        await asyncio.sleep(0)
        queue.put(chunk("first"))
        await task
        queue.put(chunk("second"))
        waiter = asyncio.create_task(queue.wait_for_room())
        await asyncio.sleep(0)
        assert not waiter.done()
        order.append((await queue.get()).event.text)  # type: ignore[union-attr]
        await waiter
        return order

    assert asyncio.run(scenario()) == ["first", "second"]


def test_the_high_water_callback_hears_only_new_maxima() -> None:
    seen: list[int] = []
    queue = SendQueue(4, on_high_water=seen.append)
    queue.put(chunk("a"))
    drain(queue)
    queue.put(chunk("b"))  # depth 1 again: not a new maximum
    queue.put(chunk("c"))
    queue.put(chunk("d"))
    drain(queue)
    queue.put(chunk("e"))
    assert seen == [1, 2, 3]
    assert queue.high_water == 3


def test_a_cancelled_get_does_not_lose_the_next_event() -> None:
    async def scenario() -> str:
        queue = SendQueue(2)
        waiting = asyncio.create_task(queue.get())
        await asyncio.sleep(0)
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        queue.put(chunk("kept"))
        return (await asyncio.wait_for(queue.get(), 1)).event.text  # type: ignore[union-attr]

    assert asyncio.run(scenario()) == "kept"
