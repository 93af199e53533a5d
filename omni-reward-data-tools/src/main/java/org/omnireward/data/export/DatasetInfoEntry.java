package org.omnireward.data.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of LLaMA-Factory's {@code dataset_info.json} for an exported file: sharegpt ranking data
 * ({@code conversations}, {@code chosen}, {@code rejected}, {@code system}, and the media column where
 * the file's task has media) with the role tags our rows use.
 *
 * @param fileName the file, relative to {@code dataset_info.json}
 * @param columns LLaMA-Factory's column name to ours
 */
record DatasetInfoEntry(
        @JsonProperty("file_name") String fileName,
        String formatting,
        boolean ranking,
        Map<String, String> columns,
        Tags tags) {

    /** The role tags of the sharegpt messages. */
    record Tags(
            @JsonProperty("role_tag") String roleTag,
            @JsonProperty("content_tag") String contentTag,
            @JsonProperty("user_tag") String userTag,
            @JsonProperty("assistant_tag") String assistantTag,
            @JsonProperty("system_tag") String systemTag) {}

    /** The entry of a sharegpt ranking file with the optional media column. */
    static DatasetInfoEntry sharegptRanking(String fileName, Optional<String> mediaColumn) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("messages", "conversations");
        columns.put("chosen", "chosen");
        columns.put("rejected", "rejected");
        columns.put("system", "system");
        mediaColumn.ifPresent(c -> columns.put(c, c));
        return new DatasetInfoEntry(
                fileName, "sharegpt", true, columns, new Tags("from", "value", "human", "gpt", "system"));
    }
}
