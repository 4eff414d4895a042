package nc.container.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.util.Locale;

/**
 * {@code tty} of execCreate and rebuildContainer: a boolean, or the strings "true"/"false" in any
 * ASCII case, which jdc sends for {@code --tty true} (docs/api/nativecontainer.md §1.3).
 */
public final class TextBoolean extends JsonDeserializer<Boolean> {
    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return p.getBooleanValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = p.getText().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
        }
        return (Boolean) ctx.handleUnexpectedToken(Boolean.class, p);
    }
}
