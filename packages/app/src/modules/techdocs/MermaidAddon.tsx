import { useEffect } from 'react';
import { useTheme } from '@material-ui/core';
import { useShadowRootElements } from '@backstage/plugin-techdocs-react';

/**
 * Draws the docs' ```mermaid blocks. mkdocs.yml turns them into
 * `<pre class="mermaid"><code>source</code></pre>`; this replaces each one
 * with the diagram, and leaves the source in place with a note when it does
 * not parse.
 */
export const MermaidAddon = () => {
  const blocks = useShadowRootElements<HTMLPreElement>(['pre.mermaid']);
  const theme = useTheme();
  const dark = theme.palette.type === 'dark';

  useEffect(() => {
    const pending = blocks.filter(pre => pre.isConnected);
    if (pending.length === 0) return undefined;
    let cancelled = false;
    (async () => {
      const { default: mermaid } = await import('mermaid');
      // 'strict' sanitises labels and disables click handlers in diagrams.
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: 'strict',
        theme: dark ? 'dark' : 'default',
      });
      for (const pre of pending) {
        if (cancelled || !pre.isConnected) continue;
        const source = pre.textContent ?? '';
        try {
          const { svg } = await mermaid.render(nextDiagramId(), source);
          if (cancelled) return;
          const figure = document.createElement('div');
          figure.className = 'mermaid-diagram';
          figure.setAttribute('role', 'img');
          figure.setAttribute('aria-label', firstLine(source));
          figure.style.overflowX = 'auto';
          figure.innerHTML = svg;
          pre.replaceWith(figure);
        } catch (error) {
          const note = document.createElement('p');
          note.className = 'mermaid-error';
          note.textContent = `This diagram could not be drawn: ${
            (error as Error).message
          }`;
          pre.before(note);
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [blocks, dark]);

  return null;
};

let diagramCount = 0;
function nextDiagramId() {
  diagramCount += 1;
  return `techdocs-mermaid-${diagramCount}`;
}

function firstLine(source: string) {
  return `Diagram: ${source.trim().split('\n')[0]}`;
}
