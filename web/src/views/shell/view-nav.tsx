// Navigation between the views: real links (open in a new tab, copy the address), the current one
// marked with aria-current, and the digit keys (1 for the first view) as shortcuts when no field has the focus.
import { useEffect, type MouseEvent } from 'react';
import { VIEW_LABELS, VIEWS, type ViewName } from '../../state/route.ts';
import { navigate, viewUrl } from '../../state/route-store.ts';

function typingInField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(element.tagName));
}

export function ViewNav({ current }: { current: ViewName }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || typingInField(event.target)) return;
      const index = Number(event.key) - 1;
      if (Number.isInteger(index) && index >= 0 && index < VIEWS.length) {
        event.preventDefault();
        navigate(VIEWS[index]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const follow = (event: MouseEvent<HTMLAnchorElement>, view: ViewName) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(view);
  };

  return (
    <nav className="view-nav" aria-label="Views">
      {VIEWS.map((view, index) => (
        <a
          key={view}
          href={viewUrl(view)}
          className="view-link"
          aria-current={view === current ? 'page' : undefined}
          aria-keyshortcuts={String(index + 1)}
          title={`${VIEW_LABELS[view]} (key ${index + 1})`}
          onClick={(event) => follow(event, view)}
        >
          {VIEW_LABELS[view]}
        </a>
      ))}
    </nav>
  );
}
