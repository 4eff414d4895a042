package nc.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import nc.runtime.ContainerRuntime;
import nc.tenantnet.TenantNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metrics wrappers of the seams pass every call through: a method a wrapper did not override
 * would answer with the seam's default behind the operator's back (no fast plugging, no other
 * installation's addresses seen, no plugging while the engine starts a container, no root volume
 * limit).
 */
class MetricsWrappersTest {
    static List<Arguments> wrappers() {
        return List.of(Arguments.of(TenantNetwork.class, CountedTenantNetwork.class),
                Arguments.of(ContainerRuntime.class, TimedRuntime.class));
    }

    @ParameterizedTest
    @MethodSource("wrappers")
    void everyMethodOfTheSeamIsDelegated(Class<?> seam, Class<?> wrapper) {
        List<String> missing = Arrays.stream(seam.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !overridden(wrapper, m))
                .map(Method::toString).toList();
        assertThat(missing).as("methods of " + seam.getSimpleName() + " that " + wrapper.getSimpleName() + " leaves to their defaults")
                .isEmpty();
    }

    private static boolean overridden(Class<?> wrapper, Method m) {
        try {
            return wrapper.getDeclaredMethod(m.getName(), m.getParameterTypes()) != null;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
