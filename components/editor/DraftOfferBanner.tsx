"use client";
// "You have an unsaved draft": the choice offered when the editor opens and a draft kept in the
// browser (useDraftRecovery) differs from the saved text.
import { timeAgo } from "@/components/format-time";
import type { DraftOffer } from "@/components/editor/useDraftRecovery";

export function DraftOfferBanner({
  offer,
  revision,
  onRestore,
  onDiscard,
}: {
  offer: DraftOffer;
  revision: number;
  onRestore(): void;
  onDiscard(): void;
}) {
  const older = offer.baseRevision !== revision;
  return (
    <div className="esc-banner">
      <div className="alert alert-warning esc-draft-offer" role="alert" data-testid="draft-offer">
        <span className="esc-draft-offer-text">
          Unsaved draft from {timeAgo(new Date(offer.savedAt))} found in this browser.
          {older
            ? ` It was edited from revision ${offer.baseRevision}; the environment is now at revision ${revision}, and saving the draft would replace the newer changes.`
            : null}
        </span>
        <button type="button" className="btn btn-sm btn-primary" onClick={onRestore}>
          Restore draft
        </button>
        <button type="button" className="btn btn-sm" onClick={onDiscard}>
          Discard
        </button>
      </div>
    </div>
  );
}
