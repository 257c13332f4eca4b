# wtbench plot of section size: gnuplot size.gp makes size.svg
set terminal svg size 960,600 dynamic font 'sans,11' background '#ffffff'
set termoption noenhanced
set output 'size.svg'
set title "p50 write latency by write size (sync, 1 thread, sequential overwrite)\nkernel 7.2.13+ series b46bd03, median of 3 repetitions, bars: min-max"
set grid
set key outside right
set logscale xy
set xlabel 'write size (KiB)'
set ylabel 'p50 latency (us)'
plot 'size.dat' index 0 using 1:2:3:4 with yerrorlines title 'wt', \
     'size.dat' index 1 using 1:2:3:4 with yerrorlines title 'wtdsync', \
     'size.dat' index 2 using 1:2:3:4 with yerrorlines title 'buffered', \
     'size.dat' index 3 using 1:2:3:4 with yerrorlines title 'fdatasync', \
     'size.dat' index 4 using 1:2:3:4 with yerrorlines title 'dsync', \
     'size.dat' index 5 using 1:2:3:4 with yerrorlines title 'direct', \
     'size.dat' index 6 using 1:2:3:4 with yerrorlines title 'directdsync', \
     'size.dat' index 7 using 1:2:3:4 with yerrorlines title 'dontcache'
