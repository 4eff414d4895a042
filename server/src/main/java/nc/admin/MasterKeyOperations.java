package nc.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.api.Call;
import nc.api.Operation;
import nc.store.AtRestCipher;
import nc.store.SealedValues;

/**
 * The operator's view of the master key and its rotation: which key seals new values, which keys
 * open values, how many values each key sealed, and resealing every value with the current key
 * (after which the old key may be dropped from every replica). Key ids only, never a key.
 */
public final class MasterKeyOperations {
    private final AtRestCipher cipher;
    private final SealedValues sealed;

    public MasterKeyOperations(AtRestCipher cipher, SealedValues sealed) {
        this.cipher = cipher;
        this.sealed = sealed;
    }

    public List<Operation> operations() {
        return List.of(
                Operation.operator("describeMasterKey", "GET", "/admin/masterKey", this::describe),
                Operation.operator("resealWithMasterKey", "POST", "/admin/masterKey:reseal", this::reseal));
    }

    private Object describe(Call call) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keyId", cipher.keyId());
        out.put("openingKeyIds", cipher.openingKeyIds());
        out.put("sealedValuesByKeyId", sealed.countByKeyId());
        return out;
    }

    private Object reseal(Call call) {
        long resealed = sealed.resealAll(cipher);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keyId", cipher.keyId());
        out.put("resealed", resealed);
        out.put("sealedValuesByKeyId", sealed.countByKeyId());
        return out;
    }
}
