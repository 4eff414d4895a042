package nc.auth;

/** Who signed a request, and the region and service its signature was scoped to. */
public record Principal(String accountId, String accessKey, String scopeRegion, String scopeService) {
}
