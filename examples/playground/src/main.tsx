import { PictorProvider } from "@pictor/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    {/*
      No key: requests go to this server's @pictor/server route, which holds it. No retries: the
      playground shows what the gateway answered (a forced 429 or 500 included); an app would
      keep the default of 2.
    */}
    <PictorProvider options={{ baseURL: "/api/pictor", maxRetries: 0 }}>
      <App />
    </PictorProvider>
  </StrictMode>,
);
