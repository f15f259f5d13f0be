"""A digit drawn on the pad, made into the pixels a network reads, and the network's answer.

The pad sends a PAD_SIDE x PAD_SIDE bitmap of ink (0-255). The training digits were made in
a known way, and a drawing has to be made the same way before a network trained on them can
read it:

* MNIST (LeCun et al.): each binary digit was scaled to fit a 20 x 20 box keeping its aspect
  ratio (the scaling's anti-aliasing gives the grey levels), then placed in a 28 x 28 field so
  that its centre of mass lies at the field's centre. `to_mnist` does the same: crop to the
  ink's bounding box, area-average down (or up) to fit 20 x 20, shift by whole pixels so the
  centre of mass lands at (14, 14). Grey levels in [0, 1], as the data sets here hold them.
* The 8 x 8 digits (UCI optdigits, scikit-learn's copy): each digit was scaled to a 32 x 32
  bitmap (its height fills the box: every one of the 1,797 digits has ink in all 8 rows), and
  each 4 x 4 block's count of ink pixels became one pixel, 0-16. `to_digits` does the same;
  the network reads level / 16, as core.datasets scales the stored 0-16 values.

Pure NumPy: the box-filter resampling is two small matrix products, so no image library is
needed. Nothing here looks at Streamlit; the page draws what these functions return.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.datasets import load_dataset
from core.functions import cross_entropy_error, mean_squared_error
from core.training import DEFAULT_CONFIG, Trainer, build_trainer

PAD_SIDE = 140  # the bitmap the pad sends: its 280-pixel canvas averaged over 2 x 2 blocks
CANVAS_SIDE = 280  # the pad's own drawing resolution (the CSS size may differ)
LINE_WIDTH = 22  # stroke width on the canvas: about 1/8 of a digit's height, as in MNIST
MNIST_SIDE, MNIST_BOX = 28, 20
DIGITS_SIDE, DIGITS_BOX, DIGITS_LEVELS = 8, 32, 16
DIGITS_BLOCK = DIGITS_BOX // DIGITS_SIDE  # 4 x 4 bitmap pixels make one 8 x 8 pixel
SHAPES: tuple[tuple[int, int], ...] = ((MNIST_SIDE, MNIST_SIDE), (DIGITS_SIDE, DIGITS_SIDE))
N_CLASSES = 10

# What a drawing looks like, in the order the checks run (the first that applies is reported).
EMPTY, FILLED, DOT, BORDER, OK = "empty", "filled", "dot", "border", "ok"
DOT_FRACTION = 0.15  # ink within a box under 15 % of the pad's side: a dot, not a digit
FILLED_FRACTION = 0.4  # ink on over 40 % of the pad: a scribble (digits are mostly paper)

# Limits on what a browser may send (the pad's value is client data: check it, never trust it).
MAX_BITMAP_CHARS = 4 * math.ceil(PAD_SIDE * PAD_SIDE / 3)
MAX_STROKES, MAX_STROKE_POINTS = 200, 4000

# The book's ch04/train_neuralnet.py: 50 sigmoid hidden units, weights N(0, 0.01^2), SGD with
# learning rate 0.1 on mini-batches of 100, iters_num = 10000 (DEFAULT_CONFIG holds the rest).
REFERENCE_DATA = "mnist-5k"
REFERENCE_CONFIG: Mapping[str, Any] = {**DEFAULT_CONFIG, "iterations": 10_000, "seed": 0}


# ------------------------------------------------------------------ the pad's value
def encode_bitmap(pad: np.ndarray) -> str:
    """A pad bitmap (values in [0, 1], PAD_SIDE square) as the pad sends it: base64 of bytes."""
    levels = np.clip(np.rint(np.asarray(pad, dtype=np.float64) * 255.0), 0, 255)
    return base64.b64encode(levels.astype(np.uint8).tobytes()).decode("ascii")


def decode_bitmap(text: object, side: int = PAD_SIDE) -> np.ndarray | None:
    """The pad's base64 bitmap as a (side, side) float32 array in [0, 1]; None if malformed."""
    if not isinstance(text, str) or len(text) > 4 * math.ceil(side * side / 3):
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != side * side:
        return None
    return np.frombuffer(raw, dtype=np.uint8).reshape(side, side).astype(np.float32) / 255.0


def clean_strokes(value: object) -> list[list[float]]:
    """The pad's strokes (flat [x0, y0, x1, y1, ...] lists in canvas pixels), checked.

    Only used to redraw the pad when it is mounted again (the bitmap is what is read): anything
    that is not a list of finite numbers on the canvas is dropped, and the sizes are bounded.
    """
    strokes: list[list[float]] = []
    if not isinstance(value, list):
        return strokes
    for stroke in value[:MAX_STROKES]:
        if not isinstance(stroke, list) or not stroke or len(stroke) % 2:
            continue
        points = stroke[: 2 * MAX_STROKE_POINTS]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
               and 0 <= v <= CANVAS_SIDE for v in points):
            strokes.append([round(float(v), 1) for v in points])
    return strokes


def pad_of(value: object) -> np.ndarray | None:
    """The bitmap in the pad's value ({"bitmap": base64, ...}), or None."""
    return decode_bitmap(value.get("bitmap")) if isinstance(value, Mapping) else None


# ------------------------------------------------------------------ resampling
def _area_matrix(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) weights of a box filter: each output pixel averages the input it covers."""
    scale = n_in / n_out
    lo_out = np.arange(n_out)[:, None] * scale
    hi_out = lo_out + scale
    lo_in = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(hi_out, lo_in + 1) - np.maximum(lo_out, lo_in), 0.0, None)
    return overlap / scale


def area_resample(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """`image` resized to height x width by area averaging (anti-aliased down, blocky up)."""
    a = np.asarray(image, dtype=np.float64)
    return _area_matrix(a.shape[0], height) @ a @ _area_matrix(a.shape[1], width).T


def ink_box(pad: np.ndarray) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of the ink, bottom and right exclusive; None if no ink."""
    ink = np.asarray(pad) > 0
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return None
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    """(row, column) of the image's centre of mass, in pixel indices (0 = the first pixel)."""
    a = np.asarray(image, dtype=np.float64)
    total = a.sum()
    if not total > 0:
        return (a.shape[0] - 1) / 2, (a.shape[1] - 1) / 2
    return (float(a.sum(axis=1) @ np.arange(a.shape[0]) / total),
            float(a.sum(axis=0) @ np.arange(a.shape[1]) / total))


def _fit(height: int, width: int, box: int) -> tuple[int, int]:
    """Height and width of a height x width image scaled to fit box x box, aspect kept."""
    scale = box / max(height, width)
    return max(1, min(box, int(height * scale + 0.5))), max(1, min(box, int(width * scale + 0.5)))


# ------------------------------------------------------------------ preprocessing
@dataclass(frozen=True)
class Prepared:
    """A drawing made into a network's input, with what the page shows about it.

    image: what the network reads, (side, side) in [0, 1]; scaled: the ink cropped and scaled
    to fit the box (20 x 20 for MNIST, the 32 x 32 bitmap for the 8 x 8 digits); levels: the
    8 x 8 digits' 0-16 counts (None for MNIST); state: EMPTY, FILLED, DOT, BORDER or OK;
    box: the ink's bounding box on the pad; ink: the share of the pad with ink on it.
    """

    image: np.ndarray
    scaled: np.ndarray
    levels: np.ndarray | None
    state: str
    box: tuple[int, int, int, int] | None
    ink: float

    @property
    def x(self) -> np.ndarray:
        """The network's input row (float32, side * side features)."""
        return self.image.reshape(-1).astype(np.float32)

    @property
    def shape(self) -> tuple[int, int]:
        return self.image.shape  # type: ignore[return-value]


def drawing_state(pad: np.ndarray, box: tuple[int, int, int, int] | None) -> str:
    """EMPTY (no ink), FILLED (a scribble), DOT (too small), BORDER (touching an edge) or OK."""
    a = np.asarray(pad)
    if box is None:
        return EMPTY
    if float((a > 0).mean()) > FILLED_FRACTION:
        return FILLED
    top, left, bottom, right = box
    if max(bottom - top, right - left) < DOT_FRACTION * max(a.shape):
        return DOT
    if top == 0 or left == 0 or bottom == a.shape[0] or right == a.shape[1]:
        return BORDER
    return OK


def _checked_pad(pad: np.ndarray) -> np.ndarray:
    a = np.asarray(pad, dtype=np.float64)
    if a.ndim != 2 or min(a.shape) < 1:
        raise ValueError(f"a pad bitmap is a 2-D array, got shape {a.shape}")
    return np.clip(np.nan_to_num(a, nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)


def to_mnist(pad: np.ndarray) -> Prepared:
    """The drawing as an MNIST digit: cropped, fit to 20 x 20, centred by mass in 28 x 28."""
    a = _checked_pad(pad)
    box = ink_box(a)
    image = np.zeros((MNIST_SIDE, MNIST_SIDE))
    if box is None:
        return Prepared(image, np.zeros((MNIST_BOX, MNIST_BOX)), None, EMPTY, None, 0.0)
    top, left, bottom, right = box
    crop = a[top:bottom, left:right]
    height, width = _fit(*crop.shape, MNIST_BOX)
    scaled = np.clip(area_resample(crop, height, width), 0.0, 1.0)
    # Whole-pixel shift putting the centre of mass at (14, 14), as MNIST's digits are (their
    # centres of mass lie within half a pixel of it); kept inside the field so no ink is lost.
    row, col = centre_of_mass(scaled)
    r0 = min(max(int(math.floor(MNIST_SIDE / 2 - row + 0.5)), 0), MNIST_SIDE - height)
    c0 = min(max(int(math.floor(MNIST_SIDE / 2 - col + 0.5)), 0), MNIST_SIDE - width)
    image[r0:r0 + height, c0:c0 + width] = scaled
    return Prepared(image, scaled, None, drawing_state(a, box), box, float((a > 0).mean()))


def _block_levels(bitmap: np.ndarray) -> np.ndarray:
    """The 8 x 8 levels of a 32 x 32 black-and-white bitmap: ink pixels per 4 x 4 block."""
    n = DIGITS_SIDE
    return bitmap.reshape(n, DIGITS_BLOCK, n, DIGITS_BLOCK).sum(axis=(1, 3)).astype(np.int64)


def to_digits(pad: np.ndarray) -> Prepared:
    """The drawing as an 8 x 8 digit: fit to a 32 x 32 bitmap, ink counted in 4 x 4 blocks."""
    a = _checked_pad(pad)
    box = ink_box(a)
    if box is None:
        empty = np.zeros((DIGITS_SIDE, DIGITS_SIDE))
        return Prepared(empty, np.zeros((DIGITS_BOX, DIGITS_BOX)), empty.astype(np.int64),
                        EMPTY, None, 0.0)
    top, left, bottom, right = box
    crop = a[top:bottom, left:right]
    height, width = _fit(*crop.shape, DIGITS_BOX)
    bitmap = np.zeros((DIGITS_BOX, DIGITS_BOX))
    r0, c0 = (DIGITS_BOX - height) // 2, (DIGITS_BOX - width) // 2  # the box centred
    bitmap[r0:r0 + height, c0:c0 + width] = area_resample(crop, height, width) >= 0.5
    levels = _block_levels(bitmap)
    return Prepared(levels / DIGITS_LEVELS, bitmap, levels, drawing_state(a, box), box,
                    float((a > 0).mean()))


def shrink(pad: np.ndarray, image_shape: Sequence[int]) -> Prepared:
    """The whole pad shrunk to the network's size, without cropping, scaling or centring:
    what the network would read if the drawing were not made the way its data was."""
    a = _checked_pad(pad)
    box = ink_box(a)
    state, ink = drawing_state(a, box), float((a > 0).mean())
    if tuple(int(s) for s in image_shape) == (DIGITS_SIDE, DIGITS_SIDE):
        bitmap = (area_resample(a, DIGITS_BOX, DIGITS_BOX) >= 0.5).astype(np.float64)
        levels = _block_levels(bitmap)
        return Prepared(levels / DIGITS_LEVELS, bitmap, levels, state, box, ink)
    image = np.clip(area_resample(a, MNIST_SIDE, MNIST_SIDE), 0.0, 1.0)
    return Prepared(image, image, None, state, box, ink)


def prepare(pad: np.ndarray, image_shape: Sequence[int], *, as_trained: bool = True) -> Prepared:
    """The drawing made the way the data set of `image_shape` (28 x 28 or 8 x 8) was made
    (as_trained=False: only shrunk, see `shrink`)."""
    shape = tuple(int(s) for s in image_shape)
    if shape not in SHAPES:
        raise ValueError(f"no drawing preprocessing for images of shape {shape}")
    if not as_trained:
        return shrink(pad, shape)
    return to_mnist(pad) if shape == (MNIST_SIDE, MNIST_SIDE) else to_digits(pad)


# ------------------------------------------------------------------ the networks
@dataclass(frozen=True)
class Reader:
    """A network that reads drawings, with the data it learnt from (never mutated)."""

    network: Any  # core.network.MultiLayerNet
    x_train: np.ndarray
    t_train: np.ndarray
    image_shape: tuple[int, int]
    test_accuracy: float
    n_test: int
    iterations: int
    data_name: str


def can_read(trainer: Trainer | None) -> bool:
    """True when `trainer` holds a trained, finite network for 28 x 28 or 8 x 8 digits."""
    if trainer is None or trainer.iteration < 1 or trainer.network.output_size != N_CLASSES:
        return False
    shape = getattr(trainer.dataset, "image_shape", None)
    if shape is None or tuple(shape) not in SHAPES:
        return False
    if trainer.network.input_size != int(np.prod(shape)):
        return False
    return all(np.isfinite(p).all() for p in trainer.network.params.values())


def reader_of(trainer: Trainer) -> Reader:
    """What the page needs from a trainer: its network, its training data, its test accuracy."""
    tested = [e for e in trainer.evaluations if math.isfinite(e.get("test_acc", math.nan))]
    accuracy = float(tested[-1]["test_acc"]) if tested else math.nan
    return Reader(trainer.network, trainer.x_train, trainer.t_train,
                  tuple(int(s) for s in trainer.dataset.image_shape),  # type: ignore[arg-type]
                  accuracy, int(trainer.x_test.shape[0]), int(trainer.iteration),
                  str(getattr(trainer.dataset, "name", "")))


def train_reference() -> Reader:
    """The book's network trained once on MNIST-5k with the book's settings (about 4 s)."""
    trainer = build_trainer(REFERENCE_CONFIG, load_dataset(REFERENCE_DATA, seed=0))
    trainer.step(int(REFERENCE_CONFIG["iterations"]))
    return reader_of(trainer)


# ------------------------------------------------------------------ the answer
@dataclass(frozen=True)
class Answer:
    """The network's reading of one drawing: probabilities, the digit, the first hidden layer."""

    probabilities: np.ndarray  # (10,) float64, sums to 1
    predicted: int
    hidden: np.ndarray  # the first hidden layer's outputs for this drawing

    def losses(self, label: int) -> tuple[float, float]:
        """(cross-entropy, mean squared error) of this answer for the digit the student meant:
        the loss page's functions applied to this drawing's softmax output."""
        t = np.eye(N_CLASSES)[int(label)]
        return (cross_entropy_error(self.probabilities, t),
                mean_squared_error(self.probabilities, t))


def read(network: Any, x: np.ndarray) -> Answer:
    """The network's answer for one input row."""
    row = np.asarray(x, dtype=np.float32).reshape(1, -1)
    y = np.asarray(network.predict(row), dtype=np.float64).reshape(-1)
    hidden = np.asarray(network.hidden_activations(row)[0], dtype=np.float64).reshape(-1)
    return Answer(y, int(np.argmax(y)), hidden)


def busiest_units(network: Any, answer: Answer, k: int = 8) -> list[dict[str, float]]:
    """The k first-layer hidden units with the largest output for this drawing.

    Each: unit (its index), output (z for this drawing) and vote (output times its weight to
    the predicted digit: how much it pushed that digit's score, before softmax).
    """
    w2 = network.params["W2"]
    order = np.argsort(-answer.hidden, kind="stable")[: max(0, int(k))]
    if len(network.hidden_sizes) > 1:  # W2 leads to the next hidden layer, not the digits
        return [{"unit": int(j), "output": float(answer.hidden[j]), "vote": math.nan} for j in order]
    return [{"unit": int(j), "output": float(answer.hidden[j]),
             "vote": float(answer.hidden[j] * w2[j, answer.predicted])} for j in order]


def weight_images(network: Any, units: Sequence[int], image_shape: Sequence[int]) -> np.ndarray:
    """Each unit's incoming weights as an image in [0, 1]: 0.5 is a zero weight, 1 the unit's
    largest positive weight (ink there excites it), 0 its most negative (ink there inhibits)."""
    w = np.asarray(network.params["W1"], dtype=np.float64)[:, list(units)].T
    peak = np.abs(w).max(axis=1, keepdims=True)
    scaled = 0.5 + 0.5 * np.divide(w, peak, out=np.zeros_like(w), where=peak > 0)
    return scaled.reshape(len(units), *(int(s) for s in image_shape))


def nearest(x: np.ndarray, x_train: np.ndarray, t_train: np.ndarray, label: int,
            k: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """(indices, distances) of the k training images of `label` closest to x (Euclidean)."""
    rows = np.flatnonzero(np.asarray(t_train) == int(label))
    if rows.size == 0:
        return rows, np.zeros(0)
    diff = np.asarray(x_train)[rows].astype(np.float64) - np.asarray(x, dtype=np.float64).reshape(1, -1)
    distance = np.sqrt(np.einsum("ij,ij->i", diff, diff))
    order = np.argsort(distance, kind="stable")[: max(0, int(k))]
    return rows[order], distance[order]


# ------------------------------------------------------------------ the class's own digits
@dataclass(frozen=True)
class Drawn:
    """One labelled drawing kept in collect mode, in both training formats (small: uint8)."""

    label: int
    mnist: np.ndarray  # 28 x 28, 0-255
    digits: np.ndarray  # 8 x 8, 0-16

    def image(self, image_shape: Sequence[int]) -> np.ndarray:
        """The drawing as the network of `image_shape` reads it, in [0, 1]."""
        if tuple(int(s) for s in image_shape) == (DIGITS_SIDE, DIGITS_SIDE):
            return self.digits.astype(np.float32) / DIGITS_LEVELS
        return self.mnist.astype(np.float32) / 255.0


def drawn(pad: np.ndarray, label: int) -> Drawn:
    """A labelled drawing for the class's set (both formats, so any network can be tested)."""
    mnist = np.rint(to_mnist(pad).image * 255.0).astype(np.uint8)
    return Drawn(int(label), mnist, to_digits(pad).levels.astype(np.uint8))  # type: ignore[union-attr]


def score_collection(network: Any, items: Sequence[Drawn],
                     image_shape: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """(predicted digits, per-digit table) of the network on the collected drawings.

    The table has one row per digit 0-9: drawn (how many), right (read correctly).
    """
    if not items:
        return np.zeros(0, dtype=np.int64), np.zeros((N_CLASSES, 2), dtype=np.int64)
    x = np.stack([d.image(image_shape).reshape(-1) for d in items]).astype(np.float32)
    predicted = np.asarray(network.predict(x)).argmax(axis=1).astype(np.int64)
    labels = np.array([d.label for d in items], dtype=np.int64)
    table = np.zeros((N_CLASSES, 2), dtype=np.int64)
    np.add.at(table[:, 0], labels, 1)
    np.add.at(table[:, 1], labels[predicted == labels], 1)
    return predicted, table
