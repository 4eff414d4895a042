package nc.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import nc.tenantnet.TenantNetwork;
import org.junit.jupiter.api.Test;

/**
 * The metrics wrapper of the datapath passes every call of the seam through: a method it did not
 * override would answer with the seam's default (no fast plugging, no other installation's
 * addresses seen) behind the operator's back.
 */
class CountedTenantNetworkTest {
    @Test
    void everyMethodOfTheSeamIsDelegated() throws Exception {
        List<String> missing = Arrays.stream(TenantNetwork.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !overridden(m))
                .map(Method::getName).toList();
        assertThat(missing).as("methods of TenantNetwork that CountedTenantNetwork leaves to their defaults").isEmpty();
    }

    private static boolean overridden(Method m) {
        try {
            return CountedTenantNetwork.class.getDeclaredMethod(m.getName(), m.getParameterTypes()) != null;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
