package dev.hookline.routing;

/** The first failed check of one endpoint, before it is tied to the endpoint's id. */
record Mismatch(SkipReason reason, String detail) {
  Skip toSkip(String endpointId) {
    return new Skip(endpointId, reason, detail);
  }
}
