// A Microsoft article the admin should read: a real link (copyable, announced as a link) that the
// main process opens in the default browser, if its allow-list of Microsoft documentation hosts
// passes it. Nothing else leaves the app.
import { useState } from 'react';
import type { MicrosoftArticle } from '../../shared/home/microsoft-articles';
import { useApi } from '../api/app-api';

export function ArticleLink({ article }: { article: MicrosoftArticle }) {
  const [refused, setRefused] = useState<string | null>(null);
  const api = useApi();
  return (
    <>
      <a
        href={article.url}
        className="article-link"
        data-testid="article-link"
        onClick={(e) => {
          e.preventDefault();
          void api
            .call('shell:open-external', { url: article.url })
            .then((r) => setRefused(r.ok ? (r.value.opened ? null : 'This address is not one the app opens.') : r.error.message));
        }}
      >
        {article.title}
        <span className="visually-hidden"> (opens in your browser)</span>
      </a>
      {refused && (
        <span role="status" className="muted small">
          {' '}
          {refused}
        </span>
      )}
    </>
  );
}
