// Which theme a page shows, read from what it paints: the body's background and text as WCAG
// relative luminances (0 black .. 1 white), and the data-theme attribute (null: no pick stored).

export const looks = (page) =>
  page.evaluate(() => {
    const lum = (css) => {
      const [r, g, b] = css
        .match(/[\d.]+/g)
        .slice(0, 3)
        .map(Number);
      const lin = [r, g, b].map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    };
    const s = getComputedStyle(document.body);
    return {
      attr: document.documentElement.getAttribute('data-theme'),
      bg: lum(s.backgroundColor),
      ink: lum(s.color),
    };
  });
export const isDark = (l) => l.bg < 0.05 && l.ink > 0.5;
export const isLight = (l) => l.bg > 0.8 && l.ink < 0.05;
