package nc.container.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/** sanityCheck is the one boolean that also accepts 0 and 1 (docs/api/nc.md §1.4). */
public final class ZeroOneBoolean extends JsonDeserializer<Boolean> {
    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return p.getBooleanValue();
        }
        if (token == JsonToken.VALUE_NUMBER_INT && (p.getIntValue() == 0 || p.getIntValue() == 1)) {
            return p.getIntValue() == 1;
        }
        return (Boolean) ctx.handleUnexpectedToken(Boolean.class, p);
    }
}
