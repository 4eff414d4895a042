package nc.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
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
    private static final Logger ACCESS = LoggerFactory.getLogger("nc.access");
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Router router = new Router();
    private final Authenticator authenticator;
    private final Set<String> regions;
    private final byte[] operatorToken;
    private Javalin javalin;
    private volatile int tenantPort;
    private volatile int operatorPort;
    private static final String TENANT = "tenant";
    private static final String OPERATOR = "operator";

    public ApiServer(Authenticator authenticator, Set<String> regions, String operatorToken) {
        this.authenticator = authenticator;
        this.regions = Set.copyOf(regions);
        this.operatorToken = operatorToken.getBytes(StandardCharsets.UTF_8);
    }

    public ApiServer register(List<Operation> operations) {
        operations.forEach(router::add);
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
        jetty.setHandler(exact);
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
        String requestId = Ids.requestId();
        String method = ctx.req().getMethod();
        String rawPath = ctx.req().getRequestURI();
        ServiceException failure = null;
        AuditLog.Entry audit = new AuditLog.Entry();
        byte[] body;
        int status;
        try {
            Object result = handle(ctx, requestId, method, rawPath, audit);
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
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{} {} {} {} {}us{}", requestId, method, rawPath, status, (System.nanoTime() - started) / 1000,
                    failure == null ? "" : " " + failure.status());
        }
    }

    private Object handle(Context ctx, String requestId, String method, String rawPath, AuditLog.Entry audit) {
        String path = UriEncoding.decodePath(rawPath);
        String rawQuery = ctx.req().getQueryString();
        Router.Match open = router.match(Operation.Access.PUBLIC, null, method, path);
        if (open != null) {
            audit.operation = open.operation().name();
            return open.operation().handler().handle(new Call(requestId, null, open.params(), QueryParams.parse(rawQuery), new byte[0]));
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
            Router.Match match = router.match(Operation.Access.OPERATOR, null, method, path);
            if (match == null) {
                throw ServiceException.notFound("no admin operation " + method + " " + path);
            }
            audit.operation = match.operation().name();
            audit.params = match.params();
            return match.operation().handler().handle(new Call(requestId, null, match.params(), QueryParams.parse(rawQuery), body));
        }
        Principal principal = authenticator.authenticate(new SignedRequest(method, rawPath, rawQuery, ctx::header, body));
        audit.principal = principal;
        Router.Match match = router.match(Operation.Access.SIGNED, principal.scopeService(), method, path);
        if (match == null) {
            throw ServiceException.notFound("no " + principal.scopeService() + " operation " + method + " " + path);
        }
        audit.operation = match.operation().name();
        audit.params = match.params();
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
        return match.operation().handler().handle(new Call(requestId, principal, match.params(), QueryParams.parse(rawQuery), body));
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
