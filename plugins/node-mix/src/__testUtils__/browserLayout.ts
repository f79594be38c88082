/**
 * jsdom has no layout: gives every element the size the node table's scroll
 * area has in a browser, so the virtualized rows render. Call it inside a
 * `describe`.
 */
export function withBrowserLayout() {
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      value: 560,
    });
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
      configurable: true,
      value: 1200,
    });
  });
}
