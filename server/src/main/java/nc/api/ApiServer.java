package nc.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nc.auth.Authenticator;
import nc.auth.Principal;
import nc.auth.SignedRequest;
import nc.auth.UriEncoding;
import nc.common.Ids;
import nc.error.ErrorStatus;
import nc.error.ServiceException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front door. Javalin only carries bytes here: every request goes through one
 * dispatcher that authenticates, routes through the operation table and writes the envelope,
 * so that unknown paths, Jetty's own refusals and handler failures all look alike to clients.
 */
public final class ApiServer {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final long DRAIN_BYTES = 16L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Router router = new Router();
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, PlainEndpoint> plain = new LinkedHashMap<>();
    private final List<CompletedRequest.Listener> listeners = new ArrayList<>();
    private final Authenticator authenticator;
    private final Set<String> regions;
    private final byte[] operatorToken;
    private Javalin javalin;
    private java.time.Duration streamStallLimit = java.time.Duration.ofSeconds(30);
    private volatile int tenantPort;
    private volatile int operatorPort;
    private static final String TENANT = "tenant";
    private static final String OPERATOR = "operator";
    private final WebSocketSessions webSocketSessions = new WebSocketSessions();

    public ApiServer(Authenticator authenticator, Set<String> regions, String operatorToken) {
        this.authenticator = authenticator;
        this.regions = Set.copyOf(regions);
        this.operatorToken = operatorToken.getBytes(StandardCharsets.UTF_8);
    }

    /** How long a WebSocket client may leave its output unread (beyond the buffer) before its session is closed. */
    public ApiServer streamStallLimit(java.time.Duration limit) {
        this.streamStallLimit = limit;
        return this;
    }

    public ApiServer register(List<Operation> operations) {
        operations.forEach(router::add);
        this.operations.addAll(operations);
        return this;
    }

    /** The operation table, in the order operations were registered. */
    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** Adds a GET path answered outside the envelope (before any signature check). */
    public ApiServer plain(PlainEndpoint endpoint) {
        plain.put(endpoint.path(), endpoint);
        return this;
    }

    public List<PlainEndpoint> plainEndpoints() {
        return List.copyOf(plain.values());
    }

    /** The WebSocket stream sessions, open and opened, by operation. */
    public WebSocketSessions webSocketSessions() {
        return webSocketSessions;
    }

    /** Tells {@code listener} of every answered request (not of the plain endpoints). */
    public ApiServer listen(CompletedRequest.Listener listener) {
        listeners.add(listener);
        return this;
    }

    /** An address and port to listen on; port 0 picks a free port. */
    public record Listen(String host, int port) {
    }

    /** Starts listening, plain HTTP, tenant and operator API on one port. Returns the bound port. */
    public int start(String host, int port) {
        start(new Listen(host, port), null, null);
        return tenantPort;
    }

    /**
     * Starts listening for tenants and, when {@code operator} is given, for the operator API on an
     * address of its own (then each answers only its own API); HTTPS with {@code tls}, else HTTP.
     */
    public void start(Listen tenant, Listen operator, TlsIdentity tls) {
        javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.addConnector((server, http) -> connector(server, http, TENANT, tenant, tls));
            if (operator != null) {
                cfg.jetty.addConnector((server, http) -> connector(server, http, OPERATOR, operator, tls));
            }
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setUriCompliance(UriCompliance.LEGACY);
                http.setSendServerVersion(false);
            });
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            for (HandlerType type : HandlerType.values()) {
                if (type.isHttpMethod()) {
                    cfg.routes.addHttpHandler(type, "*", this::dispatch);
                }
            }
            // Methods Javalin does not know (PURGE, lower-case get...) end here instead of in a text 404.
            cfg.routes.error(404, ctx -> {
                if (ctx.res().getHeader("x-jdcloud-request-id") == null) {
                    dispatch(ctx);
                }
            });
        });
        Server jetty = javalin.jettyServer().server();
        ExactContentType exact = new ExactContentType();
        exact.setHandler(jetty.getHandler());
        WebSocketGate streams = new WebSocketGate(this, streamStallLimit);
        streams.bind(jetty);
        streams.setHandler(exact);
        jetty.setHandler(streams);
        javalin.start();
        tenantPort = localPort(jetty, TENANT);
        operatorPort = operator == null ? tenantPort : localPort(jetty, OPERATOR);
    }

    /** The port tenants call (bound). */
    public int port() {
        return tenantPort;
    }

    /** The port of the operator API: the tenants' unless it has an address of its own. */
    public int operatorPort() {
        return operatorPort;
    }

    private static Connector connector(Server server, HttpConfiguration http, String name, Listen listen, TlsIdentity tls) {
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.keyStore());
            ssl.setKeyStorePassword(tls.password());
            HttpConfiguration https = new HttpConfiguration(http);
            https.addCustomizer(new SecureRequestCustomizer());
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(https));
        }
        connector.setName(name);
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        return connector;
    }

    private static int localPort(Server jetty, String name) {
        for (Connector c : jetty.getConnectors()) {
            if (c instanceof ServerConnector sc && name.equals(sc.getName())) {
                return sc.getLocalPort();
            }
        }
        throw new IllegalStateException("no connector " + name);
    }

    public void stop() {
        if (javalin != null) {
            javalin.stop();
        }
    }

    private void dispatch(Context ctx) {
        long started = System.nanoTime();
        String method = ctx.req().getMethod();
        String rawPath = ctx.req().getRequestURI();
        PlainEndpoint endpoint = method.equals("GET") ? plain.get(rawPath) : null;
        if (endpoint != null) {
            PlainEndpoint.Answer answer = endpoint.handler().get();
            ctx.status(answer.status());
            ctx.contentType(endpoint.contentType());
            ctx.result(answer.body());
            return;
        }
        String requestId = Ids.requestId();
        Trace trace = new Trace();
        ServiceException failure = null;
        AuditLog.Entry audit = new AuditLog.Entry();
        byte[] body;
        int status;
        try {
            Object result = handle(ctx, requestId, method, rawPath, trace, audit);
            audit.result = result;
            body = Envelope.success(requestId, result);
            status = 200;
        } catch (ServiceException e) {
            failure = e;
            body = Envelope.error(requestId, e.status(), e.getMessage(), e.field());
            status = e.status().code();
        } catch (RuntimeException e) {
            LOG.error("request {} {} {} failed", requestId, method, rawPath, e);
            body = Envelope.error(requestId, ErrorStatus.INTERNAL, "internal error; request id " + requestId, null);
            status = 500;
        }
        ctx.status(status);
        ctx.header("x-jdcloud-request-id", requestId);
        ctx.contentType(Envelope.CONTENT_TYPE);
        ctx.result(body);
        AuditLog.record(requestId, method, rawPath, audit, status, failure != null ? failure.status() : status == 500 ? ErrorStatus.INTERNAL : null);
        if (!listeners.isEmpty()) {
            CompletedRequest completed = new CompletedRequest(requestId, method, rawPath,
                    trace.operation == null ? null : trace.operation.name(), trace.accountId, status,
                    failure == null ? (status == 500 ? ErrorStatus.INTERNAL.name() : null) : failure.status().name(),
                    System.nanoTime() - started, trace.call == null ? null : trace.call.logDetail());
            listeners.forEach(listener -> listener.completed(completed));
        }
    }

    /** What routing and authentication found out about a request, for the listeners. */
    private static final class Trace {
        Operation operation;
        String accountId;
        Call call;

        Router.Match matched(Router.Match match) {
            operation = match == null ? null : match.operation();
            return match;
        }
    }

    private Object handle(Context ctx, String requestId, String method, String rawPath, Trace trace, AuditLog.Entry audit) {
        String path = UriEncoding.decodePath(rawPath);
        String rawQuery = ctx.req().getQueryString();
        Router.Match open = trace.matched(router.match(Operation.Access.PUBLIC, null, method, path));
        if (open != null) {
            audit.operation = open.operation().name();
            return open.operation().handler().handle(new Call(requestId, null, open.params(), QueryParams.parse(rawQuery), new byte[0],
                    open.operation()));
        }
        boolean adminPath = path.equals("/admin") || path.startsWith("/admin/");
        if (operatorPort != tenantPort && adminPath != (ctx.req().getLocalPort() == operatorPort)) {
            // the operator API and the tenant API have addresses of their own: each answers only its own
            throw ServiceException.notFound("no operation " + method + " " + path + " at this address");
        }
        byte[] body = readBody(ctx);
        if (adminPath) {
            checkOperatorToken(ctx.header("Authorization"));
            audit.operator = true;
            Router.Match match = trace.matched(router.match(Operation.Access.OPERATOR, null, method, path));
            if (match == null) {
                throw ServiceException.notFound("no admin operation " + method + " " + path);
            }
            audit.operation = match.operation().name();
            audit.params = match.params();
            return match.operation().handler().handle(new Call(requestId, null, match.params(), QueryParams.parse(rawQuery), body,
                    match.operation()));
        }
        Call call = signedCall(requestId, method, rawPath, rawQuery, ctx::header, body, audit);
        trace.call = call;
        trace.operation = call.operation();
        trace.accountId = call.accountId();
        return call.operation().handler().handle(call);
    }

    /**
     * Authenticates a signed request and routes it (docs/api/nc.md §2.3, §1.2): the call, or the
     * refusal; {@code audit} (when given) learns who called and what.
     */
    Call signedCall(String requestId, String method, String rawPath, String rawQuery, java.util.function.Function<String, String> headers,
            byte[] body, AuditLog.Entry audit) {
        String path = UriEncoding.decodePath(rawPath);
        Principal principal = authenticator.authenticate(new SignedRequest(method, rawPath, rawQuery, headers, body));
        AuditLog.Entry entry = audit == null ? new AuditLog.Entry() : audit;
        entry.principal = principal;
        Router.Match match = router.match(Operation.Access.SIGNED, principal.scopeService(), method, path);
        if (match == null) {
            throw ServiceException.notFound("no " + principal.scopeService() + " operation " + method + " " + path);
        }
        entry.operation = match.operation().name();
        entry.params = match.params();
        String regionId = match.params().get("regionId");
        if (regionId != null) {
            if (!regionId.equals(principal.scopeRegion())) {
                throw ServiceException.unauthenticated("credential scope region " + principal.scopeRegion()
                        + " does not match the path's region " + regionId);
            }
            if (!regions.contains(regionId)) {
                throw ServiceException.invalid("regionId", "unknown region " + regionId);
            }
        }
        return new Call(requestId, principal, match.params(), QueryParams.parse(rawQuery), body, match.operation());
    }

    private void checkOperatorToken(String authorization) {
        byte[] given = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, operatorToken)) {
            throw ServiceException.unauthenticated("the admin API needs Authorization: Bearer <operator token>");
        }
    }

    private static void drain(InputStream in, long bytes) {
        try {
            in.skipNBytes(bytes);
        } catch (IOException e) {
            // the client stopped sending: nothing more to drain
        }
    }

    private static byte[] readBody(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                // read (a bounded amount of) the rest, so the client is still listening when the refusal comes
                drain(in, Math.min(Math.max(0, ctx.req().getContentLengthLong() - body.length), DRAIN_BYTES));
                throw ServiceException.invalid("body", "larger than 1 MiB");
            }
            return body;
        } catch (IOException e) {
            throw ServiceException.invalid("body", "could not be read: " + e.getMessage());
        }
    }
}
