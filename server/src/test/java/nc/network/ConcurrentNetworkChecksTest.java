package nc.network;

import static nc.network.VpcApi.EIPS;
import static nc.network.VpcApi.SUBNETS;
import static nc.network.VpcApi.VPCS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import nc.testing.ApiResponse;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/api/vpc-disk.md §1.5: checks and effect run in one transaction, so concurrent calls cannot both
 * pass a check only one may pass (quota, CIDR overlap, a free pool address). H2 and PostgreSQL.
 */
class ConcurrentNetworkChecksTest {

    private static List<ApiResponse> together(int count, Callable<ApiResponse> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiResponse>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<ApiResponse> out = new ArrayList<>();
            for (Future<ApiResponse> f : calls) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private static long count(List<ApiResponse> responses, int status) {
        return responses.stream().filter(r -> r.status() == status).count();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void parallelCreatesNeverOvershootTheVpcQuotaNorOverlapSubnets(TestDatabase database) throws Exception {
        try (TestServer server = TestServer.start(database)) {
            VpcApi vpc = new VpcApi(server.newTenant());
            List<ApiResponse> vpcs = together(25, () -> vpc.post(VPCS, "{\"vpcName\":\"p\"}"));
            assertThat(vpcs).extracting(ApiResponse::status).containsOnly(200, 429);
            assertThat(count(vpcs, 200)).isEqualTo(10);
            assertThat(vpc.get(VPCS, Map.of("pageSize", "100")).result().path("totalCount").asInt()).isEqualTo(10);

            String v = vpcs.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().result().path("vpcId").asText();
            List<ApiResponse> subnets = together(12, () -> vpc.post(SUBNETS, "{\"vpcId\":\"" + v + "\",\"subnetName\":\"s\","
                    + "\"addressPrefix\":\"10.70.0.0/24\"}"));
            assertThat(subnets).extracting(ApiResponse::status).containsOnly(200, 400);
            assertThat(count(subnets, 200)).as("overlapping subnets: one wins").isEqualTo(1);
            assertThat(vpc.vpc(v).path("subnets")).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void parallelAllocationsNeverGiveOneAddressTwice(TestDatabase database) throws Exception {
        try (TestServer server = TestServer.start(database, c -> c.withElasticIpPool("127.100.7.0/28"))) {
            List<VpcApi> tenants = List.of(new VpcApi(server.newTenant()), new VpcApi(server.newTenant()), new VpcApi(server.newTenant()));
            AtomicInteger next = new AtomicInteger();
            List<ApiResponse> all = together(18, () -> tenants.get(next.getAndIncrement() % 3)
                    .createEips(1, "\"bandwidthMbps\":1,\"provider\":\"bgp\""));
            assertThat(all).extracting(ApiResponse::status).containsOnly(200, 503);
            List<String> addresses = new ArrayList<>();
            for (VpcApi t : tenants) {
                t.get(EIPS, Map.of("pageSize", "100")).result().path("elasticIps")
                        .forEach(e -> addresses.add(e.path("elasticIpAddress").asText()));
            }
            assertThat(addresses).hasSize(14);
            assertThat(new HashSet<>(addresses)).hasSize(14);
            assertThat(count(all, 503)).isEqualTo(4);
        }
    }
}
