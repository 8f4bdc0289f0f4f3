"""The ticker bar and its parts.

- ``widget``: ``TickerBar``, the QWidget (layout, public API, signals, painting);
- ``animator``: ``BarAnimator``, what moves and when (clock, timers, glide strip);
- ``clock``: the real clock and a manual one (tests, the paint soak);
- ``input``: ``BarInput``, pointer, keyboard and tooltips;
- ``tiles``: ``TileRenderer``, one pixmap per notice; ``tape``: ``Tape``, their order and
  layout; ``glide``: ``Glide``, plain scrolling without Python per frame;
- ``paint`` and ``text``: drawing helpers and the bar's own strings.

The pure arithmetic (``ticker.ui.scroll_math``, ``ticker.ui.motion``) lives outside this
package: importing anything in here loads Qt.
"""

from ticker.ui.bar.animator import URGENT_HOLD_MS
from ticker.ui.bar.tape import URGENT_REPEAT_EVERY
from ticker.ui.bar.widget import TickerBar

__all__ = ["URGENT_HOLD_MS", "URGENT_REPEAT_EVERY", "TickerBar"]
