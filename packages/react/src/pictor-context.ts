import type { Pictor } from "@pictor/client";
import { createContext } from "react";

/** The provider's client getter: clients are built on first use (a request, or `usePictorClient()`). */
export const PictorContext = createContext<(() => Pictor) | undefined>(undefined);
