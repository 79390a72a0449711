"""fast_align's diagonal alignment prior and the re-estimation of its tension.

Dyer, Chahuneau and Smith (2013), "A Simple, Fast, and Effective Reparameterization of
IBM Model 2". A word at position ``g`` (1-based) of a generated sentence of length ``G``
is aligned to position ``c`` of a conditioning sentence of length ``L`` with probability

    p0                                         for the NULL word,
    (1 - p0) * exp(-tension * h) / Z           otherwise, h = |g / G - c / L|,

where Z sums exp(-tension * h) over c = 1..L. A large tension favours the diagonal; zero
gives IBM Model 1's uniform distribution. h is symmetric in the two sides, so one
distance per candidate link serves both directions.

When asked (``optimize_tension``), the tension is re-estimated in each EM iteration: the
M-step sets it so that the expected distance under the prior, summed over the generated
tokens (each weighted by the posterior mass it gives to real words rather than NULL),
equals the posterior expected distance of the E-step: the exact maximiser of the expected
log-likelihood, where fast_align takes a few fixed gradient steps. The expected distance has a closed form (the distances form two arithmetic
runs, on either side of the point nearest the diagonal, so Z and its derivative are
geometric and arithmetico-geometric sums), computed once per distinct (g, G, L) geometry,
not per link; the equation is monotone in the tension and solved by bisection.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_TENSION = 0.1  # fast_align's bounds
MAX_TENSION = 14.0


@dataclass(frozen=True, slots=True)
class Geometries:
    """The distinct (position, length, other length) geometries of a corpus's generated tokens."""

    position: np.ndarray  # float64 [geometries]: g, 1-based
    length: np.ndarray  # float64: G
    other_length: np.ndarray  # float64: L (>= 1: tokens facing an empty sentence have none)
    of_token: np.ndarray  # int32 [generated tokens]: each token's geometry, -1 facing an empty sentence

    @classmethod
    def of(cls, generated_lengths: np.ndarray, other_lengths: np.ndarray) -> Geometries:
        """Geometries of every token of sentences with ``generated_lengths``, each facing a
        sentence of the matching ``other_lengths``."""
        generated_lengths = np.asarray(generated_lengths, dtype=np.int64)
        other_lengths = np.asarray(other_lengths, dtype=np.int64)
        total = int(generated_lengths.sum())
        pair = np.repeat(np.arange(len(generated_lengths)), generated_lengths)
        starts = np.cumsum(generated_lengths) - generated_lengths
        g = np.arange(1, total + 1, dtype=np.int64) - starts[pair]
        big = int(max(generated_lengths.max(initial=0), other_lengths.max(initial=0))) + 1
        code = (generated_lengths[pair] * big + g) * big + other_lengths[pair]
        faces = other_lengths[pair] > 0
        unique, inverse = np.unique(code[faces], return_inverse=True)
        of_token = np.full(total, -1, dtype=np.int32)
        of_token[faces] = inverse.reshape(-1)
        length, rest = np.divmod(unique, big * big)
        position, other = np.divmod(rest, big)
        return cls(position=position.astype(np.float64), length=length.astype(np.float64),
                   other_length=other.astype(np.float64), of_token=of_token)

    def __len__(self) -> int:
        return len(self.position)

    def expected_distance(self, tension: float) -> np.ndarray:
        """E[h] under the prior with this tension, per geometry."""
        return expected_distance(self.position, self.length, self.other_length, tension)

    def solve_tension(self, weights: np.ndarray, empirical: float, *, current: float) -> float:
        """The tension whose prior expects ``empirical`` in total distance over the tokens,
        each geometry counted ``weights`` times; clamped to fast_align's [0.1, 14]."""
        total_weight = float(weights.sum())
        if total_weight <= 0 or not np.isfinite(empirical):
            return current
        used = weights > 0
        position, length, other, weights = (self.position[used], self.length[used], self.other_length[used],
                                             weights[used])

        def excess(tension: float) -> float:  # decreasing in the tension
            return float(np.sum(weights * expected_distance(position, length, other, tension))) - empirical

        low, high = MIN_TENSION, MAX_TENSION
        if excess(low) <= 0:
            return low
        if excess(high) >= 0:
            return high
        for _ in range(40):  # 14 / 2**40: far below anything that changes a link
            middle = 0.5 * (low + high)
            if excess(middle) > 0:
                low = middle
            else:
                high = middle
            if high - low < 1e-6:
                break
        return 0.5 * (low + high)


def expected_distance(position: np.ndarray, length: np.ndarray, other_length: np.ndarray,
                      tension: float) -> np.ndarray:
    """E[h] = sum(h_c exp(-tension h_c)) / sum(exp(-tension h_c)) over c = 1..L, in closed form.

    With y = g / G and F = floor(y L) positions at or below y, the distances below are
    a_b + k / L (k < F) and above a_t + k / L (k < L - F), a_b = y - F / L, a_t = 1 / L - a_b.
    """
    g = np.asarray(position, dtype=np.float64)
    big_g = np.asarray(length, dtype=np.float64)
    big_l = np.asarray(other_length, dtype=np.float64)
    below = np.floor(g * big_l / big_g + 1e-9)  # g L / G is rational: guard the floor
    a_below = g / big_g - below / big_l
    a_below = np.maximum(a_below, 0.0)
    a_above = 1.0 / big_l - a_below
    above = big_l - below
    if tension <= 0:  # uniform: the mean of the distances
        total = below * a_below + below * (below - 1) / (2 * big_l) + above * a_above + above * (above - 1) / (2 * big_l)
        return total / big_l
    step = tension / big_l
    one_minus_r = -np.expm1(-step)  # 1 - r, r = exp(-tension / L), without cancellation
    r = 1.0 - one_minus_r
    z_below, s_below = _runs(below, a_below, r, one_minus_r, step, big_l, tension)
    z_above, s_above = _runs(above, a_above, r, one_minus_r, step, big_l, tension)
    return (s_below + s_above) / (z_below + z_above)


def _runs(count: np.ndarray, start: np.ndarray, r: np.ndarray, one_minus_r: np.ndarray, step: np.ndarray,
          big_l: np.ndarray, tension: float) -> tuple[np.ndarray, np.ndarray]:
    """sum(exp(-tension d_k)) and sum(d_k exp(-tension d_k)) over d_k = start + k / L, k < count."""
    scale = np.exp(-tension * start)
    r_n = np.exp(-step * count)  # r ** count
    g0 = -np.expm1(-step * count) / one_minus_r  # sum r^k
    # sum k r^k = r (1 - N r^(N-1) + (N-1) r^N) / (1-r)^2 = (r - N r^N + (N-1) r^(N+1)) / (1-r)^2
    g1 = (r - count * r_n + (count - 1) * r_n * r) / (one_minus_r * one_minus_r)
    g1 = np.maximum(g1, 0.0)
    return scale * g0, scale * (start * g0 + g1 / big_l)
