import { configure } from "@testing-library/react";

// `findBy*` and `waitFor` give up after 1 s by default. A generation through the route and the
// mock gateway takes ~100 ms alone but seconds on a loaded two-core CI machine: waiting longer
// costs nothing when the answer comes, and only a real failure waits the whole 5 s.
configure({ asyncUtilTimeout: 5_000 });
