"""Erlang A and C (kiosk.core.advise) against answers worked out by hand, an independent
numerical solution of the tagged visitor's Markov chain, and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core import advise as adv
from kiosk.core.advise import Queue, counters_needed, erlang_b, erlang_c, measures


def test_erlang_b_and_c_textbook() -> None:
    # 2 erlangs on 3 servers: B = (8/6) / (1 + 2 + 2 + 8/6) = 4/19; C = 4/9
    assert erlang_b(3, 2.0) == pytest.approx(4 / 19)
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9)
    # M/M/1: P(wait > 0) = ρ
    assert erlang_c(1, 0.5) == pytest.approx(0.5)


def test_mm1_without_abandonment_by_hand() -> None:
    # λ = 0.5, μ = 1 per minute: P(W > t) = ρ e^{-(μ - λ) t}; t = 2: 0.5 e^{-1}
    m = measures(Queue(0.5, 1.0, 0.0), 1, 2.0)
    assert m.waits == pytest.approx(0.5)
    assert m.offered_over == pytest.approx(0.5 * math.exp(-1.0))
    assert m.service_level == pytest.approx(1 - 0.5 * math.exp(-1.0))


@pytest.mark.parametrize("t", [0.5, 2.0])
def test_one_counter_patience_equal_to_service_by_hand(t: float) -> None:
    """n = 1, λ = μ = θ = 1: the number present is Poisson(1) (as with infinitely many
    counters), so P(wait > 0) = 1 - 1/e. An arrival finding j waiting reaches the counter
    after Exp(1) + Exp(2) + ... + Exp(j+1), the maximum of j+1 Exp(1): P(≤ v) = U^(j+1),
    U = 1 - e^{-v}. Summing e^{-1}/k! · E[e^{-V}; V ≤ t] over k = j+1 gives
    P(called within t) = e^{-1}(2e^U - U e^U - 1), and P(still there at t and not
    called) = e^{-t}(1 - e^{U-1})."""
    u = 1 - math.exp(-t)
    called = math.exp(-1) * (2 * math.exp(u) - u * math.exp(u) - 1)
    stayed = called + math.exp(-t) * (1 - math.exp(u - 1))
    m = measures(Queue(1.0, 1.0, 1.0), 1, t)
    assert m.waits == pytest.approx(1 - math.exp(-1))
    assert m.called_within == pytest.approx(called, rel=1e-9)
    assert m.left_before == pytest.approx(1 - stayed, rel=1e-9)
    assert m.service_level == pytest.approx(called / stayed, rel=1e-9)
    # t = 0.5: 0.50806 called within, 0.21611 left before, service level 0.64813
    if t == 0.5:
        assert (round(m.called_within, 5), round(m.left_before, 5)) == (0.50806, 0.21611)


def test_patience_equal_to_service_is_poisson_for_any_n() -> None:
    # θ = μ: P(wait > 0) = P(Poisson(R) ≥ n); R = 1, n = 2: 1 - 2/e
    assert measures(Queue(1.0, 1.0, 1.0), 2, 1.0).waits == pytest.approx(1 - 2 / math.e)
    # R = 3, n = 4: 1 - e^{-3}(1 + 3 + 9/2 + 27/6)
    expected = 1 - math.exp(-3) * (1 + 3 + 4.5 + 4.5)
    assert measures(Queue(1.5, 0.5, 0.5), 4, 1.0).waits == pytest.approx(expected)


def reference(lam: float, mu: float, th: float, n: int, t: float) -> tuple[float, float]:
    """(P(called within t), P(left before t)) by the stationary distribution (truncated)
    and Runge-Kutta on the tagged arrival's position: an independent way to the answer."""
    size = 150
    p = [1.0]
    for k in range(1, n + size + 1):
        p.append(p[-1] * lam / (min(k, n) * mu + max(k - n, 0) * th))
    total = sum(p)
    pi = [v / total for v in p]
    ahead = [n * mu + m * th for m in range(size)]  # at position m+1: m ahead

    def f(x: list[float]) -> list[float]:
        pos = x[2:]
        dx = [ahead[0] * pos[0], th * sum(pos)]
        for m in range(size):
            inflow = ahead[m + 1] * pos[m + 1] if m + 1 < size else 0.0
            dx.append(inflow - (ahead[m] + th) * pos[m])
        return dx

    x = [sum(pi[:n]), 0.0, *pi[n : n + size]]
    steps = 800
    h = t / steps
    for _ in range(steps):
        k1 = f(x)
        k2 = f([a + h / 2 * b for a, b in zip(x, k1, strict=True)])
        k3 = f([a + h / 2 * b for a, b in zip(x, k2, strict=True)])
        k4 = f([a + h * b for a, b in zip(x, k3, strict=True)])
        x = [
            a + h / 6 * (b + 2 * c + 2 * d + e)
            for a, b, c, d, e in zip(x, k1, k2, k3, k4, strict=True)
        ]
    return x[0], x[1]


@pytest.mark.parametrize(
    ("lam", "mu", "th", "n", "t"),
    [(3, 0.5, 0.2, 7, 1.5), (2, 0.2, 0.02, 8, 10), (0.5, 0.1, 0.02, 3, 10)],
)
def test_against_the_markov_chain(lam: float, mu: float, th: float, n: int, t: float) -> None:
    called, left = reference(lam, mu, th, n, t)
    m = measures(Queue(lam, mu, th), n, t)
    assert m.called_within == pytest.approx(called, abs=1e-6)
    assert m.left_before == pytest.approx(left, abs=1e-6)


rates = st.floats(0.01, 5.0)


@settings(max_examples=60, deadline=None)
@given(lam=rates, mean=st.floats(1.0, 30.0), patience=st.floats(2.0, 120.0),
       more=st.floats(1.0, 3.0), level=st.floats(0.5, 0.95),
       target=st.floats(1.0, 20.0))  # fmt: skip
def test_more_arrivals_never_need_fewer_counters(
    lam: float, mean: float, patience: float, more: float, level: float, target: float
) -> None:
    q = Queue(lam, 1 / mean, 1 / patience)
    busier = Queue(lam * more, 1 / mean, 1 / patience)
    assert counters_needed(busier, target, level) >= counters_needed(q, target, level)


@settings(max_examples=60, deadline=None)
@given(lam=rates, mean=st.floats(1.0, 30.0), patience=st.floats(2.0, 120.0),
       n=st.integers(1, 60), target=st.floats(0.5, 20.0))  # fmt: skip
def test_more_counters_never_lower_the_service_level(
    lam: float, mean: float, patience: float, n: int, target: float
) -> None:
    q = Queue(lam, 1 / mean, 1 / patience)
    a, b = measures(q, n, target), measures(q, n + 1, target)
    assert b.service_level >= a.service_level - 1e-9
    assert 0.0 <= a.service_level <= 1.0
    assert counters_needed(q, target, 0.8) >= 1
    needed = counters_needed(q, target, 0.8)
    assert measures(q, needed, target).service_level >= 0.8
    if needed > 1:
        assert measures(q, needed - 1, target).service_level < 0.8


@settings(max_examples=40, deadline=None)
@given(load=st.floats(0.1, 0.95), n=st.integers(1, 40), mean=st.floats(1.0, 20.0),
       target=st.floats(0.5, 20.0))  # fmt: skip
def test_infinite_patience_approaches_erlang_c(
    load: float, n: int, mean: float, target: float
) -> None:
    lam = load * n / mean
    c = measures(Queue(lam, 1 / mean, 0.0), n, target)
    a = measures(Queue(lam, 1 / mean, 1e-7 / mean), n, target)
    assert a.waits == pytest.approx(c.waits, abs=1e-4)
    assert a.service_level == pytest.approx(c.service_level, abs=1e-4)
    assert a.left_before < 1e-4


def test_no_arrivals_need_no_counter_and_bad_targets_name_the_flag() -> None:
    assert counters_needed(Queue(0.0, 0.2, 0.05), 10, 0.8) == 0
    with pytest.raises(ValueError, match="--level"):
        adv.check(10, 1.0)
    with pytest.raises(ValueError, match="--target-minutes"):
        adv.check(0, 0.8)


def test_incomplete_gamma() -> None:
    # P(1, z) = 1 - e^{-z}; P(2, z) = 1 - e^{-z}(1 + z)
    assert adv.gamma_p(1.0, 0.5) == pytest.approx(1 - math.exp(-0.5))
    assert adv.gamma_p(2.0, 5.0) == pytest.approx(1 - math.exp(-5) * 6)
    assert adv.gamma_q(2.0, 40.0) == pytest.approx(math.exp(-40) * 41, rel=1e-9)
    assert math.exp(adv.log_gamma_p(3.0, 0.01)) == pytest.approx(adv.gamma_p(3.0, 0.01))


def test_patience_without_no_shows_is_give_ups_over_minutes_waited() -> None:
    # 3 gave up after 10 min each; 10 came within the first minute (0.5 min each), 5 in
    # the fifth (4.5 min): θ = 3 / (30 + 5 + 22.5)
    h = adv.ServiceHistory(gave_up=3, uncalled_s=3 * 600, came={0: 10, 4: 5})
    theta, p = adv.patience(h)
    assert theta == pytest.approx(3 / 57.5, rel=1e-6)
    assert p == pytest.approx(0, abs=1e-6)
    assert adv.patience(adv.ServiceHistory(came={3: 4})) == (0.0, 0.0)


def test_patience_tells_no_shows_that_grow_with_the_wait_from_a_steady_share() -> None:
    # the expected counts of a hall where patience is 45 min and 5 % never come anyway
    theta, share = 1 / 45, 0.05
    h = adv.ServiceHistory()
    for minute in range(60):
        w = minute + 0.5
        n = 100_000 * math.exp(-minute / 15)
        h.came[minute] = round(n * (1 - share) * math.exp(-theta * w))
        h.missed[minute] = round(n * (1 - (1 - share) * math.exp(-theta * w)))
    got_theta, got_share = adv.patience(h)
    assert got_theta == pytest.approx(theta, rel=1e-3)
    assert got_share == pytest.approx(share, abs=1e-3)


def test_offered_rates_carry_a_busy_slot_over() -> None:
    # 30 arrivals in a slot of 30 min, service 10 min (μ = 0.1), then nobody: the load
    # of infinitely many counters at the end of the first slot is 10 (1 - e^{-3}) = 9.50
    # visitors, so the second slot is advised for μ · 9.50 = 0.950 a minute; by the end of
    # the second it is 9.50 e^{-3} = 0.47 < 0.5: the third needs none
    rates = adv.offered_rates([30.0, 0.0, 0.0], 0.1)
    assert rates[0] == pytest.approx(1.0)
    assert rates[1] == pytest.approx(0.1 * 10 * (1 - math.exp(-3)))
    assert rates[2] == 0.0
