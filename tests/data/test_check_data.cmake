# ctest data/check_data: cmake/embed.cmake refuses data files the core's
# tables cannot use, with file:line, and accepts good ones. Each case writes
# a small tree under WORK, runs the embed step on it and checks the result.
# Run as: cmake -DSRC=<source dir> -DWORK=<scratch dir> -P test_check_data.cmake

function(run_case name expect_ok expect_text)
  set(root "${WORK}/${name}")
  file(GLOB_RECURSE files "${root}/*")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -DOUT=${root}.c -DOUT_H=${root}.h -DROOT=${root} -DSRC=${SRC}
            "-DFILES=${files}" -P "${SRC}/cmake/embed.cmake"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(REGEX REPLACE "[ \n]+" " " out "${out}") # CMake wraps long messages
  if(expect_ok AND NOT rc EQUAL 0)
    message(FATAL_ERROR "${name}: refused, should pass:\n${out}")
  elseif(NOT expect_ok AND rc EQUAL 0)
    message(FATAL_ERROR "${name}: accepted, should be refused")
  elseif(NOT expect_ok AND NOT out MATCHES "${expect_text}")
    message(FATAL_ERROR "${name}: refused without '${expect_text}':\n${out}")
  endif()
  message(STATUS "${name}: ok")
endfunction()

file(REMOVE_RECURSE "${WORK}")
set(ok "${WORK}/good/data")
file(WRITE "${ok}/entities/html5.txt" "# comment\nAMP;\t26\namp;\t26\nfjlig;\t66 6A\n")
file(WRITE "${ok}/boilerplate/en.txt" "# c\n=read more\n^[advertisement]; x\n")
file(WRITE "${ok}/stopwords/en.txt" "the\nand\n")
file(WRITE "${ok}/html/hints.txt" "3 article\n-3 comment\n! tag\n")
file(WRITE "${ok}/html/boilerplate.txt" "^read more\nsponsored\n!=related\n@=about the author\n")
run_case(good TRUE "")

file(WRITE "${WORK}/unsorted/data/entities/html5.txt" "# c\namp;\t26\nAMP;\t26\n")
run_case(unsorted FALSE "html5.txt:3: 'AMP;' is not after 'amp;'")

file(WRITE "${WORK}/duplicate/data/entities/html5.txt" "amp;\t26\namp;\t26\n")
run_case(duplicate FALSE "html5.txt:2: 'amp;' is not after")

string(REPEAT "x" 201 long)
file(WRITE "${WORK}/long_phrase/data/boilerplate/en.txt" "ok\n${long}\n")
run_case(long_phrase FALSE "en.txt:2: phrase of 201 bytes, over MAX_PHRASE")

string(REPEAT "y" 41 word)
file(WRITE "${WORK}/long_stopword/data/stopwords/xx.txt" "a\n${word}\n")
run_case(long_stopword FALSE "xx.txt:2: stop word of 41 bytes")

file(WRITE "${WORK}/bad_hint/data/html/hints.txt" "4 article\n")
run_case(bad_hint FALSE "hints.txt:1: not 'WEIGHT WORD'")

# Both phrase lists have the one format: markers need a phrase after them.
file(WRITE "${WORK}/bare_marker/data/html/boilerplate.txt" "=ok\n!=\n")
run_case(bare_marker FALSE "boilerplate.txt:2: markers without a phrase")
file(WRITE "${WORK}/long_html_phrase/data/html/boilerplate.txt" "^${long}\n")
run_case(long_html_phrase FALSE "boilerplate.txt:1: phrase of 202 bytes, over MAX_PHRASE")
file(REMOVE_RECURSE "${WORK}")
