import { lazy, type ReactNode, Suspense, useState } from "react";
import { type EditSource, EditTab } from "./edit-tab";
import { Gallery } from "./gallery";
import { GenerateTab } from "./generate-tab";
import { useGallery } from "./use-gallery";

type Tab = "generate" | "edit" | "chat";

// The AI SDK is most of the page's JavaScript: it loads when the chat tab is first opened.
const ChatTab = lazy(() => import("./chat-tab").then(({ ChatTab }) => ({ default: ChatTab })));

const tabs: readonly { id: Tab; label: string }[] = [
  { id: "generate", label: "Generate" },
  { id: "edit", label: "Edit" },
  { id: "chat", label: "Refine in chat" },
];

/** The playground: three tabs over one gallery. */
export function App() {
  const [tab, setTab] = useState<Tab>("generate");
  const [chatOpened, setChatOpened] = useState(false);
  const [editSource, setEditSource] = useState<EditSource>();
  const gallery = useGallery();

  return (
    <main>
      <header>
        <h1>Pictor playground</h1>
        <p className="muted">
          Images through <code>@pictor/server</code> at <code>/api/pictor</code>: this page holds no
          key.
        </p>
      </header>
      <div className="tabs" role="tablist" aria-label="Mode">
        {tabs.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-controls={`panel-${id}`}
            aria-selected={tab === id}
            onClick={() => {
              setTab(id);
              if (id === "chat") setChatOpened(true);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {/* Panels stay mounted when hidden: switching tabs neither aborts a request nor loses a conversation. */}
      <Panel id="generate" current={tab}>
        <GenerateTab
          onImages={(result, prompt) => gallery.add(result, { prompt, kind: "generated" })}
        />
      </Panel>
      <Panel id="edit" current={tab}>
        <EditTab
          source={editSource}
          onSourceChange={setEditSource}
          onImages={(result, prompt) => gallery.add(result, { prompt, kind: "edited" })}
        />
      </Panel>
      <Panel id="chat" current={tab}>
        {chatOpened && (
          <Suspense fallback={<p className="tab-body muted">Loading the chat…</p>}>
            <ChatTab />
          </Suspense>
        )}
      </Panel>
      <Gallery
        items={gallery.items}
        onEdit={(item) => {
          setEditSource({ kind: "gallery", item });
          setTab("edit");
        }}
        onRemove={(id) => {
          if (editSource?.kind === "gallery" && editSource.item.id === id) setEditSource(undefined);
          gallery.remove(id);
        }}
      />
    </main>
  );
}

function Panel({ id, current, children }: { id: Tab; current: Tab; children: ReactNode }) {
  return (
    <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} hidden={id !== current}>
      {children}
    </div>
  );
}
