package io.github.cutterrevert.testkit;

/** One of two classes writing the same rows; see {@link IsolationProbe}. */
class IsolationFirstIT extends IsolationProbe {}
