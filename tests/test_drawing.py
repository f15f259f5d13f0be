"""core.drawing: a drawing made into MNIST's or the 8 x 8 digits' pixels, and the answer.

The round trips draw real test images back through the pipeline (scaled up to the pad's
size, as a student's drawing arrives) and check that what the network reads is the original
image, and that the network says the same about both. The odd drawings (an empty pad, a dot,
ink touching the edge, a pad covered in ink, NaN in the bitmap) each end in a named state
and finite probabilities, never an exception or a NaN.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from core import drawing
from core.datasets import load_dataset
from core.functions import cross_entropy_error, mean_squared_error
from core.training import DEFAULT_CONFIG, build_trainer

SIDE = drawing.PAD_SIDE
UP = SIDE // drawing.MNIST_SIDE  # 5: a 28 x 28 image scaled up to the pad's 140 x 140


@pytest.fixture(scope="module")
def mnist():
    return load_dataset("mnist-5k", seed=0)


@pytest.fixture(scope="module")
def reference() -> drawing.Reader:
    return drawing.train_reference()


@pytest.fixture(scope="module")
def digits_net():
    """A network trained on the 8 x 8 digits (the lab's kind of run, about a second)."""
    trainer = build_trainer({**DEFAULT_CONFIG, "learning_rate": 2.0, "epochs": 30},
                            load_dataset("digits", seed=0))
    trainer.step(10**6)
    return trainer


def blank() -> np.ndarray:
    return np.zeros((SIDE, SIDE), dtype=np.float32)


def bilinear(image: np.ndarray, size: int) -> np.ndarray:
    """`image` scaled up to size x size by linear interpolation (a smooth, not blocky, copy)."""
    grid = np.linspace(0, image.shape[0] - 1, size)
    rows = np.array([np.interp(grid, np.arange(image.shape[1]), row) for row in image])
    return np.array([np.interp(grid, np.arange(image.shape[0]), col) for col in rows.T]).T


def assert_sound(answer: drawing.Answer) -> None:
    y = answer.probabilities
    assert y.shape == (10,) and np.isfinite(y).all() and (y >= 0).all()
    assert math.isclose(float(y.sum()), 1.0, abs_tol=1e-5)
    assert 0 <= answer.predicted <= 9 and np.isfinite(answer.hidden).all()


# ------------------------------------------------------------------ the pad's value
def test_a_bitmap_survives_the_trip_from_the_pad() -> None:
    pad = np.random.default_rng(0).random((SIDE, SIDE))
    back = drawing.decode_bitmap(drawing.encode_bitmap(pad))
    assert back is not None and back.shape == (SIDE, SIDE)
    assert np.abs(back - pad).max() <= 0.5 / 255 + 1e-6


@pytest.mark.parametrize("value", [None, 3, "", "not base64!", "AAAA",
                                   "A" * (drawing.MAX_BITMAP_CHARS + 4),
                                   drawing.encode_bitmap(np.ones((SIDE, SIDE)))[:-8]])
def test_a_malformed_bitmap_is_no_drawing(value: object) -> None:
    assert drawing.decode_bitmap(value) is None
    assert drawing.pad_of({"bitmap": value}) is None
    assert drawing.pad_of(value) is None


def test_strokes_from_the_browser_are_checked_and_bounded() -> None:
    good = [10, 20.26, 30, 40]
    value = [good, "x", [1], [1, float("nan")], [1, 2, 3, 999], [True, 2], [], [5, 6]]
    assert drawing.clean_strokes(value) == [[10.0, 20.3, 30.0, 40.0], [5.0, 6.0]]
    assert drawing.clean_strokes("<script>") == [] and drawing.clean_strokes(None) == []
    many = [[1, 1]] * (drawing.MAX_STROKES + 50)
    assert len(drawing.clean_strokes(many)) == drawing.MAX_STROKES
    long = [[1.0] * (4 * drawing.MAX_STROKE_POINTS)]
    assert len(drawing.clean_strokes(long)[0]) == 2 * drawing.MAX_STROKE_POINTS


# ------------------------------------------------------------------ resampling
def test_area_resampling_keeps_the_mean_and_inverts_a_blocky_enlargement() -> None:
    image = np.random.default_rng(1).random((28, 28))
    big = np.kron(image, np.ones((5, 5)))
    assert np.allclose(drawing.area_resample(big, 28, 28), image)
    small = drawing.area_resample(big, 20, 13)
    assert small.shape == (20, 13)
    assert math.isclose(small.mean(), big.mean(), rel_tol=1e-9)
    assert np.allclose(drawing.area_resample(image, 28, 28), image)


def test_a_tall_stroke_keeps_its_aspect_ratio_and_its_mass_lands_at_the_centre() -> None:
    pad = blank()
    pad[20:120, 60:72] = 1.0  # a vertical bar 100 tall, 12 wide
    prepared = drawing.to_mnist(pad)
    assert prepared.state == drawing.OK
    top, left, bottom, right = drawing.ink_box(prepared.image)
    assert bottom - top == drawing.MNIST_BOX  # the long side fills the 20 x 20 box
    assert right - left <= 4  # 12/100 of 20 is 2.4: thin stays thin
    row, col = drawing.centre_of_mass(prepared.image)
    assert abs(row - 14) <= 0.5 and abs(col - 14) <= 0.5
    assert prepared.image.min() >= 0 and prepared.image.max() <= 1


# ------------------------------------------------------------------ MNIST round trips
def test_an_mnist_test_image_drawn_at_the_pads_size_comes_back(mnist, reference) -> None:
    """Each of 50 real test digits, scaled up 5x to the 140 x 140 pad, is read back as itself,
    and the network gives both the same answer."""
    for i in range(50):
        image = mnist.x_test[i].reshape(28, 28)
        prepared = drawing.to_mnist(np.kron(image, np.ones((UP, UP))))
        assert prepared.state in (drawing.OK, drawing.BORDER)  # a few digits touch the edge
        assert np.abs(prepared.image - image).mean() < 0.01, i
        original = drawing.read(reference.network, image.reshape(-1))
        drawn = drawing.read(reference.network, prepared.x)
        assert drawn.predicted == original.predicted, i
        assert np.abs(drawn.probabilities - original.probabilities).max() < 0.01, i


def test_a_smaller_off_centre_smooth_copy_is_read_the_same(mnist, reference) -> None:
    """Scaled up 3x smoothly and drawn off-centre: cropping, scaling and centring undo the
    position and the size (within interpolation's blur) and the answer rarely changes."""
    same, n = 0, 100
    for i in range(n):
        image = mnist.x_test[i].reshape(28, 28)
        pad = blank()
        pad[8:92, 50:134] = bilinear(image, 84)
        prepared = drawing.to_mnist(pad)
        assert np.abs(prepared.image - image).mean() < 0.1, i
        same += (drawing.read(reference.network, prepared.x).predicted
                 == drawing.read(reference.network, image.reshape(-1)).predicted)
    assert same >= 0.9 * n


def test_without_the_preprocessing_an_off_centre_digit_stays_off_centre(mnist) -> None:
    pad = blank()
    pad[:56, :56] = np.kron(mnist.x_test[0].reshape(28, 28), np.ones((2, 2)))  # top left
    raw = drawing.prepare(pad, (28, 28), as_trained=False)
    made = drawing.prepare(pad, (28, 28))
    assert drawing.centre_of_mass(raw.image)[0] < 8 and drawing.centre_of_mass(raw.image)[1] < 8
    assert abs(drawing.centre_of_mass(made.image)[0] - 14) <= 0.5
    assert raw.state == made.state  # the same drawing, only read differently


def test_the_reference_network_is_the_books_run_on_mnist_5k(reference) -> None:
    assert reference.image_shape == (28, 28) and reference.iterations == 10_000
    assert len(reference.t_train) == 4000 and reference.n_test == 1000
    assert reference.network.hidden_sizes == (50,)
    assert reference.network.activation_name == "sigmoid"
    assert 0.85 < reference.test_accuracy < 1.0


# ------------------------------------------------------------------ the 8 x 8 digits
def test_an_8x8_digit_drawn_at_the_pads_size_is_mostly_read_the_same(digits_net) -> None:
    """A test digit as the 32 x 32 bitmap it came from (each 4 x 4 block holding its level's
    count of ink pixels), scaled up 4x onto the pad: the 0-16 levels come back close and the
    network mostly agrees (cropping to the ink rescales digits with empty edge columns)."""
    data = digits_net.dataset
    same, n = 0, len(data.x_test)
    for image in data.x_test:
        levels = np.rint(image.reshape(8, 8) * drawing.DIGITS_LEVELS).astype(int)
        bitmap = np.zeros((32, 32))
        for r in range(8):
            for c in range(8):
                block = np.zeros(16)
                block[: levels[r, c]] = 1
                bitmap[4 * r:4 * r + 4, 4 * c:4 * c + 4] = block.reshape(4, 4)
        pad = blank()
        pad[6:134, 6:134] = np.kron(bitmap, np.ones((4, 4)))
        prepared = drawing.to_digits(pad)
        assert prepared.levels is not None and prepared.levels.dtype.kind == "i"
        assert prepared.levels.min() >= 0 and prepared.levels.max() <= 16
        assert np.allclose(prepared.image, prepared.levels / 16)
        same += (drawing.read(digits_net.network, prepared.x).predicted
                 == drawing.read(digits_net.network, image).predicted)
    assert same >= 0.9 * n


def test_an_8x8_digit_fills_its_height_as_the_data_sets_digits_do() -> None:
    pad = blank()
    pad[30:110, 60:80] = 1.0
    levels = drawing.to_digits(pad).levels
    assert (levels.sum(axis=1) > 0).all()  # ink in all 8 rows, as in every bundled digit
    assert levels[:, 0].sum() == 0 and levels[:, -1].sum() == 0  # a thin 1 stays in the middle


# ------------------------------------------------------------------ odd drawings: named states
@pytest.mark.parametrize("shape", drawing.SHAPES)
def test_odd_drawings_give_a_clear_state_and_finite_answers(shape, reference, digits_net) -> None:
    network = reference.network if shape == (28, 28) else digits_net.network
    dot = blank()
    dot[70:76, 70:76] = 1.0
    border = blank()
    border[0:100, 60:75] = 1.0
    huge = blank()
    huge[5:135, 5:135] = 1.0  # one enormous stroke over the whole pad
    nan = blank()
    nan[30:110, 60:80] = np.nan
    cases = {drawing.EMPTY: blank(), drawing.DOT: dot, drawing.BORDER: border,
             drawing.FILLED: huge, "full": np.ones((SIDE, SIDE))}
    for expected, pad in cases.items():
        prepared = drawing.prepare(pad, shape)
        assert prepared.state == (drawing.FILLED if expected == "full" else expected)
        assert prepared.image.shape == shape and np.isfinite(prepared.image).all()
        assert prepared.image.min() >= 0 and prepared.image.max() <= 1
        assert_sound(drawing.read(network, prepared.x))
    assert drawing.prepare(blank(), shape).image.max() == 0
    prepared = drawing.prepare(nan, shape)  # NaN from a broken client counts as no ink
    assert prepared.state == drawing.EMPTY and np.isfinite(prepared.image).all()


def test_prepare_knows_only_the_two_digit_shapes() -> None:
    with pytest.raises(ValueError):
        drawing.prepare(blank(), (5, 5))
    with pytest.raises(ValueError):
        drawing.to_mnist(np.zeros(10))


# ------------------------------------------------------------------ the answer and its teaching
def test_the_losses_are_the_loss_pages_functions(reference, mnist) -> None:
    answer = drawing.read(reference.network, mnist.x_test[0])
    for label in (int(mnist.t_test[0]), (int(mnist.t_test[0]) + 1) % 10):
        t = np.eye(10)[label]
        assert answer.losses(label) == (cross_entropy_error(answer.probabilities, t),
                                        mean_squared_error(answer.probabilities, t))


def test_the_busiest_units_and_their_weight_images(reference, mnist) -> None:
    answer = drawing.read(reference.network, mnist.x_test[0])
    units = drawing.busiest_units(reference.network, answer, 8)
    outputs = [u["output"] for u in units]
    assert len(units) == 8 and outputs == sorted(outputs, reverse=True)
    assert outputs[0] == pytest.approx(float(answer.hidden.max()))
    w2 = reference.network.params["W2"]
    assert units[0]["vote"] == pytest.approx(outputs[0] * float(w2[units[0]["unit"], answer.predicted]))
    images = drawing.weight_images(reference.network, [u["unit"] for u in units], (28, 28))
    assert images.shape == (8, 28, 28) and images.min() >= 0 and images.max() <= 1
    w1 = reference.network.params["W1"][:, units[0]["unit"]]
    peak = int(np.argmax(np.abs(w1)))  # the unit's strongest weight: black if >0, white if <0
    assert images[0].reshape(-1)[peak] == pytest.approx(1.0 if w1[peak] > 0 else 0.0)
    assert images[0].reshape(-1)[w1 == 0].tolist() == [0.5] * int((w1 == 0).sum())


def test_the_nearest_training_examples_are_of_the_digit_asked_for(reference, mnist) -> None:
    x = mnist.x_test[0]
    rows, distances = drawing.nearest(x, reference.x_train, reference.t_train, 3, 6)
    assert len(rows) == 6 and (reference.t_train[rows] == 3).all()
    assert list(distances) == sorted(distances)
    others = reference.x_train[reference.t_train == 3]
    assert distances[0] == pytest.approx(np.sqrt(((others - x) ** 2).sum(axis=1)).min(), rel=1e-5)
    empty_rows, _ = drawing.nearest(x, reference.x_train, reference.t_train, 11, 6)
    assert empty_rows.size == 0


def test_a_collection_is_scored_per_digit(reference, mnist) -> None:
    items = []
    for i in range(12):
        pad = np.kron(mnist.x_test[i].reshape(28, 28), np.ones((UP, UP)))
        items.append(drawing.drawn(pad, int(mnist.t_test[i])))
    item = items[0]
    assert item.mnist.dtype == np.uint8 and item.digits.dtype == np.uint8
    assert item.image((8, 8)).shape == (8, 8) and item.image((28, 28)).max() <= 1
    predicted, table = drawing.score_collection(reference.network, items, (28, 28))
    labels = mnist.t_test[:12]
    assert table[:, 0].sum() == 12 and (table[:, 0] == np.bincount(labels, minlength=10)).all()
    assert table[:, 1].sum() == int((predicted == labels).sum())
    none, empty = drawing.score_collection(reference.network, [], (28, 28))
    assert none.size == 0 and empty.sum() == 0


def test_only_a_trained_finite_digit_network_can_read_drawings(digits_net) -> None:
    assert drawing.can_read(digits_net)
    assert not drawing.can_read(None)
    untrained = build_trainer(DEFAULT_CONFIG, load_dataset("digits", seed=0))
    assert not drawing.can_read(untrained)
    toy = build_trainer(DEFAULT_CONFIG, load_dataset("circles", seed=0))
    toy.step(5)
    assert not drawing.can_read(toy)
    broken = build_trainer(DEFAULT_CONFIG, load_dataset("digits", seed=0))
    broken.step(1)
    broken.network.params["W1"][0, 0] = np.nan
    assert not drawing.can_read(broken)
    reader = drawing.reader_of(digits_net)
    assert reader.image_shape == (8, 8) and reader.data_name == "digits"
    assert reader.test_accuracy == digits_net.evaluations[-1]["test_acc"]
