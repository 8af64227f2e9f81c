dt.param @w : tensor<2xcomplex<f32>>
