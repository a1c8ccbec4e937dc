"""The thinc backend Newsmap predicts with: numpy's BLAS, and a branch-free maxout.

spaCy's model runs on thinc's ``NumpyOps``. Two of its kernels are slow on the CPUs we
run on, and :class:`PredictOps` replaces them for prediction, with the same results:

- matrix products go to numpy's BLAS (OpenBLAS) instead of thinc's bundled BLIS, which
  falls back to a generic C kernel on CPUs it does not know (an AMD EPYC, Zen 4: 23
  against 97 GFLOPS for the tagger's and NER's products);
- ``maxout`` (the largest of each unit's pieces, in every tok2vec layer) takes the
  maximum with numpy's vectorised ``maximum`` instead of a branching loop, and leaves
  the index of the winning piece, which only training uses, to be found when a
  gradient asks for it (:class:`LazyArgmax`). The tok2vec layers then take a tenth less.

:func:`predict_ops` is the context both loading and running go through: thinc binds a
model's layers to the ops current when it is built, and spaCy looks them up while it
runs.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache

import numpy as np
from thinc.api import NumpyOps, registry, use_ops

__all__ = ["LazyArgmax", "PredictOps", "predict_ops"]


class LazyArgmax:
    """Which piece won in each unit of a maxout, computed only when it is asked for.

    Holds the maxout's input; :meth:`resolve` returns what ``NumpyOps.maxout`` would have
    returned as ``which``. The input must not change in between: thinc's ``Maxout``
    layer keeps it private to the call.
    """

    __slots__ = ("pieces",)

    def __init__(self, pieces: np.ndarray) -> None:
        self.pieces = pieces

    def resolve(self) -> np.ndarray:
        """Return the index of the largest piece of each unit, as an int32 array."""
        return NumpyOps.maxout(PredictOps(), self.pieces)[1]


@registry.ops("PredictOps")
class PredictOps(NumpyOps):
    """``NumpyOps`` on numpy's BLAS, with a vectorised maxout (see the module docstring).

    Examples
    --------
    >>> ops = PredictOps()
    >>> pieces = np.array([[[1.0, 3.0, 2.0], [0.5, -1.0, 0.0]]], dtype="float32")
    >>> best, which = ops.maxout(pieces)
    >>> best.tolist(), which.resolve().tolist()
    ([[3.0, 0.5]], [[1, 0]])
    """

    name = "newsmap_predict"

    def __init__(self, device_type: str = "cpu", device_id: int = -1, **kwargs) -> None:
        super().__init__(device_type, device_id, use_blis=False, **kwargs)

    def maxout(self, X):
        """Return the largest piece of each unit of ``X`` (batch, units, pieces), lazily which."""
        if X.ndim != 3 or X.shape[2] < 2:
            return super().maxout(X)
        best = np.maximum(X[:, :, 0], X[:, :, 1])
        for piece in range(2, X.shape[2]):
            np.maximum(best, X[:, :, piece], out=best)
        return best, LazyArgmax(X)

    def backprop_maxout(self, dY, which, P: int):
        """Route ``dY`` to the winning pieces, resolving a :class:`LazyArgmax` first."""
        if isinstance(which, LazyArgmax):
            which = which.resolve()
        return super().backprop_maxout(dY, which, P)


@contextmanager
def predict_ops():
    """Run thinc on :class:`PredictOps`, with numpy's BLAS held to one thread.

    The products are small, and a second BLAS thread spinning on them costs more CPU
    than it saves (more cores are used by running more workers, see
    :mod:`geo.store.distributed`). thinc's current ops are per thread and per context.
    """
    with _blas_threads().limit(limits=1, user_api="blas"), use_ops(PredictOps.name):
        yield


@lru_cache(maxsize=1)
def _blas_threads():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()
