"""/draw-a-digit as the first request to a fresh server: run the frame (see shared.run_frame)."""

from pages.shared import run_frame

run_frame()
