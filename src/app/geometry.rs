//! Screen geometry as plain numbers: a rectangle of terminal cells and the
//! splits the panes need. The state uses it to page, keep things in view and
//! hit-test the mouse; the view converts it to the terminal library's type
//! at the edge, so the state knows nothing of how it is drawn.

/// A rectangle of terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Rect {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Rect {
    pub const fn new(x: u16, y: u16, width: u16, height: u16) -> Self {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    pub const fn is_empty(self) -> bool {
        self.width == 0 || self.height == 0
    }

    /// The column just past the right edge.
    pub const fn right(self) -> u16 {
        self.x.saturating_add(self.width)
    }

    /// The row just past the bottom edge.
    pub const fn bottom(self) -> u16 {
        self.y.saturating_add(self.height)
    }

    pub const fn contains(self, column: u16, row: u16) -> bool {
        column >= self.x && column < self.right() && row >= self.y && row < self.bottom()
    }

    /// The inside of a one-cell border on every side.
    #[must_use]
    pub const fn inner(self) -> Rect {
        if self.width < 2 || self.height < 2 {
            return Rect::new(self.x.saturating_add(1), self.y.saturating_add(1), 0, 0);
        }
        Rect::new(self.x + 1, self.y + 1, self.width - 2, self.height - 2)
    }

    /// Splits the width into columns by percentages, left to right.
    pub fn columns<const N: usize>(self, percents: [u16; N]) -> [Rect; N] {
        let mut at = self.x;
        split(self.width, percents).map(|width| {
            let column = Rect::new(at, self.y, width, self.height);
            at += width;
            column
        })
    }

    /// Splits the height into rows by percentages, top to bottom.
    pub fn rows<const N: usize>(self, percents: [u16; N]) -> [Rect; N] {
        let mut at = self.y;
        split(self.height, percents).map(|height| {
            let row = Rect::new(self.x, at, self.width, height);
            at += height;
            row
        })
    }

    /// The last `height` rows, and the rest above them.
    pub const fn split_bottom(self, height: u16) -> (Rect, Rect) {
        let height = if height < self.height {
            height
        } else {
            self.height
        };
        let top = Rect::new(self.x, self.y, self.width, self.height - height);
        let bottom = Rect::new(self.x, self.y + top.height, self.width, height);
        (top, bottom)
    }
}

/// Sizes for percentages of `total` that add up to `total`: each edge is
/// placed at its rounded cumulative percentage, so rounding never drifts
/// and the last part takes what is left.
fn split<const N: usize>(total: u16, percents: [u16; N]) -> [u16; N] {
    let mut sizes = [0; N];
    let mut sum = 0u32;
    let mut previous_edge = 0u32;
    for (i, percent) in percents.into_iter().enumerate() {
        sum += u32::from(percent);
        let edge = if i + 1 == N {
            u32::from(total)
        } else {
            ((u32::from(total) * sum + 50) / 100).min(u32::from(total))
        };
        sizes[i] = u16::try_from(edge.saturating_sub(previous_edge)).unwrap_or(u16::MAX);
        previous_edge = edge.max(previous_edge);
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_cover_the_whole_and_follow_the_percentages() {
        for total in 0..400u16 {
            let parts = Rect::new(3, 0, total, 1).columns([48, 24, 28]);
            assert_eq!(parts.iter().map(|r| r.width).sum::<u16>(), total);
            assert_eq!(parts[0].x, 3);
            assert_eq!(parts[1].x, parts[0].right());
            assert_eq!(parts[2].right(), 3 + total);
            let expected = f64::from(total) * 0.48;
            assert!((f64::from(parts[0].width) - expected).abs() <= 0.5 + f64::EPSILON);
        }
    }

    #[test]
    fn inner_and_contains() {
        let r = Rect::new(2, 1, 10, 5);
        assert_eq!(r.inner(), Rect::new(3, 2, 8, 3));
        assert!(r.contains(2, 1) && r.contains(11, 5));
        assert!(!r.contains(12, 5) && !r.contains(2, 6));
        assert!(Rect::new(0, 0, 1, 1).inner().is_empty());
        let (top, bottom) = Rect::new(0, 0, 80, 24).split_bottom(1);
        assert_eq!((top.height, bottom.y, bottom.height), (23, 23, 1));
    }
}
