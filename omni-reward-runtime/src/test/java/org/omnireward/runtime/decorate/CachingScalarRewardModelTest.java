package org.omnireward.runtime.decorate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Response;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.runtime.FakeModels;

class CachingScalarRewardModelTest {

    @TempDir
    Path root;

    private final FakeModels.Scalar model = new FakeModels.Scalar();

    @Test
    void a_second_request_with_equal_content_does_not_reach_the_model() {
        CachingScalarRewardModel cached = new CachingScalarRewardModel(model, 100);
        assertThat(cached.scores(List.of(FakeModels.scoring("1"), FakeModels.scoring("2"))))
                .containsExactly(1.0, 2.0);
        assertThat(cached.scores(List.of(FakeModels.scoring("2"), FakeModels.scoring("3"), FakeModels.scoring("1"))))
                .containsExactly(2.0, 3.0, 1.0);

        assertThat(model.calls).hasSize(2);
        assertThat(model.calls.get(1)).containsExactly(FakeModels.scoring("3"));
        assertThat(cached.cache().hits()).isEqualTo(2);
        assertThat(cached.cache().misses()).isEqualTo(3);
    }

    @Test
    void a_fully_cached_batch_makes_no_call() {
        CachingScalarRewardModel cached = new CachingScalarRewardModel(model, 100);
        cached.scoreBatch(List.of(FakeModels.scoring("4")));
        cached.scoreBatch(List.of(FakeModels.scoring("4"), FakeModels.scoring("4")));
        assertThat(model.calls).hasSize(1);
    }

    @Test
    void media_in_a_file_and_the_same_bytes_in_memory_share_a_cache_entry() throws Exception {
        byte[] image = {1, 2, 3, 4};
        Files.write(root.resolve("x.png"), image);
        ScoringRequest fromFile = new ScoringRequest(
                Task.TI2T, "c", "p", List.of(MediaRef.underRoot(root, "x.png", Modality.IMAGE)), Response.text("5"));
        ScoringRequest inMemory = new ScoringRequest(
                Task.TI2T,
                "c",
                "p",
                List.of(MediaRef.ofBytes(image.clone(), "embedded", Modality.IMAGE)),
                Response.text("5"));
        CachingScalarRewardModel cached = new CachingScalarRewardModel(model, 10);
        cached.score(fromFile);
        cached.score(inMemory);
        assertThat(model.calls).hasSize(1);
    }

    @Test
    void failures_are_not_cached_and_are_asked_again() {
        CachingScalarRewardModel cached = new CachingScalarRewardModel(model, 100);
        List<ScoreResult> first = cached.scoreBatch(List.of(FakeModels.scoring("fail"), FakeModels.scoring("1")));
        assertThat(first).extracting(ScoreResult::ok).containsExactly(false, true);
        List<ScoreResult> second = cached.scoreBatch(List.of(FakeModels.scoring("fail"), FakeModels.scoring("1")));
        assertThat(second).extracting(ScoreResult::ok).containsExactly(false, true);
        assertThat(second.get(0).error()).hasMessageContaining("cannot score");
        assertThat(model.calls).hasSize(2);
        assertThat(model.calls.get(1)).containsExactly(FakeModels.scoring("fail"));
        assertThat(cached.cache().size()).isEqualTo(1);
    }

    @Test
    void the_least_recently_used_entry_is_evicted_at_capacity() {
        CachingScalarRewardModel cached = new CachingScalarRewardModel(model, 2);
        cached.score(FakeModels.scoring("1"));
        cached.score(FakeModels.scoring("2"));
        cached.score(FakeModels.scoring("1")); // 1 is now more recent than 2
        cached.score(FakeModels.scoring("3")); // evicts 2
        assertThat(cached.cache().size()).isEqualTo(2);
        model.calls.clear();

        cached.score(FakeModels.scoring("1"));
        cached.score(FakeModels.scoring("3"));
        assertThat(model.calls).isEmpty();
        cached.score(FakeModels.scoring("2"));
        assertThat(model.calls).containsExactly(List.of(FakeModels.scoring("2")));
    }

    @Test
    void an_unreadable_media_file_fails_only_its_item_and_the_others_are_still_scored() {
        ScoringRequest missing = new ScoringRequest(
                Task.TI2T,
                "c",
                "p",
                List.of(MediaRef.underRoot(root, "missing.png", Modality.IMAGE)),
                Response.text("fail"));
        CachingScalarRewardModel cached = new CachingScalarRewardModel(model, 10);
        List<ScoreResult> results = cached.scoreBatch(List.of(FakeModels.scoring("1"), missing));
        assertThat(results).extracting(ScoreResult::ok).containsExactly(true, false);
        // the item that cannot be keyed is passed on uncached: the model decides what to make of it
        assertThat(model.calls).hasSize(1);
        assertThat(model.calls.get(0)).containsExactly(FakeModels.scoring("1"), missing);
    }

    @Test
    void it_forwards_name_batch_size_and_close() {
        model.preferred = 32;
        CachingScalarRewardModel cached = new CachingScalarRewardModel(model, 10);
        assertThat(cached.name()).isEqualTo("fake-scalar");
        assertThat(cached.preferredBatchSize()).isEqualTo(32);
        assertThat(cached.delegate()).isSameAs(model);
        cached.close();
        assertThat(model.closed).isTrue();
    }
}
