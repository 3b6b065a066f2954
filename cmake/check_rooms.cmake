# check_rooms.cmake — the flow of docs/DESIGN.md, section 1, checked at
# every build (cmake -DSRC=<source tree> -P check_rooms.cmake).
#
# Each room may include its own headers and those of the rooms before it in
# the flow, never one after it; and the outside libraries are confined to
# the rooms whose stage needs them (hdf5.h and zlib.h to sim/h5, yaml.h to
# sim/load, mpi.h to the MPI halves of sim/engine and sim/h5, omp.h to
# sim/engine).
# The include paths of the rooms' CMake libraries already refuse most wrong
# includes; this check also catches the ones a system include path would let
# through (yaml.h sits in /usr/include) and names the file and line.

cmake_policy(VERSION 3.18) # IN_LIST
set(ROOMS models load engine results h5 report run cli)
set(MAY_models models)
set(MAY_load models load)
set(MAY_engine models load engine)
set(MAY_results models load results)
set(MAY_h5 models load engine results h5)
set(MAY_report models load results h5 report)
set(MAY_run models load engine results h5 run)
set(MAY_cli models load engine results h5 report run cli)
# Outside headers and the rooms allowed to include them.
set(LIB_hdf5.h h5)
set(LIB_yaml.h load)
set(LIB_mpi.h engine h5)
set(LIB_omp.h engine)
set(LIB_zlib.h h5)

# Which room each project header lives in.
foreach(room IN LISTS ROOMS)
  if(room STREQUAL "models")
    set(dir "${SRC}/models")
  else()
    set(dir "${SRC}/sim/${room}")
  endif()
  file(GLOB hs RELATIVE "${dir}" "${dir}/*.h")
  foreach(h IN LISTS hs)
    if(DEFINED HOME_${h})
      message(FATAL_ERROR "header ${h} is in two rooms: ${HOME_${h}} and ${room}")
    endif()
    set(HOME_${h} ${room})
  endforeach()
endforeach()

set(bad 0)
foreach(room IN LISTS ROOMS)
  if(room STREQUAL "models")
    set(dir "${SRC}/models")
  else()
    set(dir "${SRC}/sim/${room}")
  endif()
  if(NOT IS_DIRECTORY "${dir}")
    continue()
  endif()
  file(GLOB srcs "${dir}/*.c" "${dir}/*.h")
  foreach(f IN LISTS srcs)
    file(STRINGS "${f}" lines)
    set(n 0)
    foreach(line IN LISTS lines)
      math(EXPR n "${n} + 1")
      if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"]")
        continue()
      endif()
      set(inc "${CMAKE_MATCH_1}")
      file(RELATIVE_PATH rel "${SRC}" "${f}")
      if(DEFINED HOME_${inc})
        set(home ${HOME_${inc}})
        if(NOT home IN_LIST MAY_${room})
          set(from "sim/${home}")
          set(to "sim/${room}")
          if(home STREQUAL "models")
            set(from "models")
          endif()
          if(room STREQUAL "models")
            set(to "models")
          endif()
          message(SEND_ERROR "${rel}:${n}: includes ${inc} of ${from}, "
                             "which comes after ${to} in the flow")
          set(bad 1)
        endif()
      elseif(DEFINED LIB_${inc})
        if(NOT room IN_LIST LIB_${inc})
          message(SEND_ERROR "${rel}:${n}: includes <${inc}>, which only "
                             "${LIB_${inc}} may use")
          set(bad 1)
        endif()
      endif()
    endforeach()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "includes against the flow of the rooms (docs/DESIGN.md, section 1)")
endif()
